import Session
import SymDiff

/// Shell completion for bash, zsh and fish (`symdiff --generate-completion-script SHELL`),
/// written from the command table: every command, its options, the words a choice takes, and
/// files where an option names one. Nothing is listed twice: a new command or option completes
/// as soon as it is in the table.
enum CompletionScripts {
    /// The shells a script can be written for.
    static let shells = ["bash", "zsh", "fish"]

    /// One option as completion sees it.
    struct Option {
        let name: String
        let help: String
        /// Takes a value (the next word).
        let takesValue: Bool
        /// The words the value is one of, if any (`infix latex json`).
        let words: [String]
        /// The value is a file name, with one of these extensions (all for none).
        let fileExtensions: [String]?
    }

    /// The options of `command` on the command line, the front end's own included.
    static func options(_ command: CommandSpec) -> [Option] {
        var out: [Option] = []
        for p in command.parameters(in: .commandLine) {
            guard let name = p.optionName else { continue }
            var words: [String] = []
            var files: [String]?
            switch p.kind {
            case let .choice(choices, _): words = choices
            case let .choices(choices): words = choices
            case let .outputFile(extensions): files = extensions
            default: break
            }
            if case .flag = p.commandLine {
                out.append(Option(name: name, help: p.help, takesValue: false, words: [], fileExtensions: nil))
            } else {
                out.append(Option(name: name, help: p.help, takesValue: true, words: words, fileExtensions: files))
            }
        }
        for o in CommandLineReader.frontEndOptions where o.applies(command) {
            out.append(Option(name: o.name, help: o.help(command), takesValue: o.valueName != nil, words: [],
                              fileExtensions: o.name == "--file" ? [] : nil))
        }
        return out
    }

    /// The options of `symdiff` itself, before any command.
    static let programOptions = [
        Option(name: "--version", help: "Print the version.", takesValue: false, words: [], fileExtensions: nil),
        Option(name: "--generate-completion-script", help: "Print a completion script for a shell.", takesValue: true, words: shells, fileExtensions: nil),
        Option(name: "--generate-man-page", help: "Print the manual page (roff).", takesValue: false, words: [], fileExtensions: nil),
    ]

    /// The commands with a name of their own on the command line (the default one included).
    static var commands: [CommandSpec] { CommandTable.available(in: .commandLine) }

    /// The script for `shell`, or nil for a shell not supported.
    static func script(for shell: String) -> String? {
        switch shell {
        case "bash": return bash()
        case "zsh": return zsh()
        case "fish": return fish()
        default: return nil
        }
    }

    // MARK: - bash

    static func bash() -> String {
        let names = commands.flatMap { [$0.name] + $0.aliases }
        let defaultCommand = CommandTable.named(CommandLineRunner.defaultCommand)!
        var out = """
            # bash completion for symdiff, written by `symdiff --generate-completion-script bash`.
            _symdiff() {
                local cur="${COMP_WORDS[COMP_CWORD]}" prev="${COMP_WORDS[COMP_CWORD-1]}" command="" opts="" i
                for ((i = 1; i < COMP_CWORD; i++)); do
                    case "${COMP_WORDS[i]}" in
                        \(names.joined(separator: "|"))) command="${COMP_WORDS[i]}"; break ;;
                    esac
                done
                case "$command" in

            """
        for c in commands {
            out += "        \(([c.name] + c.aliases).joined(separator: "|"))) opts=\"\(options(c).map(\.name).joined(separator: " "))\" ;;\n"
        }
        out += "        *) opts=\"\((options(defaultCommand) + programOptions).map(\.name).joined(separator: " "))\" ;;\n"
        out += "    esac\n    case \"$prev\" in\n"
        // Values: by option name; an option means the same in every command that has it.
        var seen: Set<String> = []
        for option in commands.flatMap(options) + programOptions where option.takesValue && seen.insert(option.name).inserted {
            if !option.words.isEmpty {
                out += "        \(option.name)) COMPREPLY=($(compgen -W \"\(option.words.joined(separator: " "))\" -- \"$cur\")); return ;;\n"
            } else if let extensions = option.fileExtensions {
                let filter = extensions.isEmpty ? "" : " -X '!*.@(\(extensions.joined(separator: "|")))'"
                out += "        \(option.name)) compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -f\(filter) -- \"$cur\")); return ;;\n"
            } else {
                out += "        \(option.name)) return ;;\n"
            }
        }
        out += """
                esac
                if [[ "$cur" == -* ]]; then
                    COMPREPLY=($(compgen -W "$opts" -- "$cur"))
                elif [[ -z "$command" && $COMP_CWORD -eq 1 ]]; then
                    COMPREPLY=($(compgen -W "\(names.joined(separator: " ")) help" -- "$cur"))
                elif [[ "$command" == run ]]; then
                    compopt -o filenames 2>/dev/null
                    COMPREPLY=($(compgen -f -- "$cur"))
                fi
            }
            complete -F _symdiff symdiff

            """
        return out
    }

    // MARK: - zsh

    /// `'--format[Output format]:value:(infix latex json)'` for `_arguments`.
    static func zshSpec(_ o: Option, repeated: Bool) -> String {
        let help = o.help.escaping(["[": "\\[", "]": "\\]"])
        var spec = (repeated ? "*" : "") + o.name + "[" + help + "]"
        if o.takesValue {
            if !o.words.isEmpty {
                spec += ":value:(" + o.words.joined(separator: " ") + ")"
            } else if let extensions = o.fileExtensions {
                spec += extensions.isEmpty ? ":file:_files" : ":file:_files -g '*.(" + extensions.joined(separator: "|") + ")'"
            } else {
                spec += ":value: "
            }
        }
        return "'" + spec.escaping(["'": "'\\''"]) + "'"
    }

    static func zsh() -> String {
        let defaultCommand = CommandTable.named(CommandLineRunner.defaultCommand)!
        func arguments(_ c: CommandSpec, extra: [Option] = []) -> String {
            let repeated = Set(c.parameters(in: .commandLine).compactMap { p -> String? in
                if case let .repeatedOption(n) = p.commandLine { return n }
                return nil
            })
            let specs = (options(c) + extra).map { zshSpec($0, repeated: repeated.contains($0.name)) }
            return "_arguments -s " + (specs + ["'*:argument: '"]).joined(separator: " \\\n        ")
        }
        var out = """
            #compdef symdiff
            # zsh completion for symdiff, written by `symdiff --generate-completion-script zsh`.
            _symdiff() {
                local -a commands
                commands=(

            """
        for c in commands {
            for name in [c.name] + c.aliases {
                out += "        '\(name):\(c.summary.escaping(["'": "'\\''", ":": "\\:"]))'\n"
            }
        }
        out += """
                )
                if (( CURRENT == 2 )) && [[ "$words[2]" != -* ]]; then
                    _describe -t commands 'command' commands
                    return
                fi
                local command="$words[2]"
                case "$command" in

            """
        for c in commands {
            out += "        \(([c.name] + c.aliases).joined(separator: "|")))\n            shift words; (( CURRENT-- ))\n            \(arguments(c)) ;;\n"
        }
        out += "        *)\n            \(arguments(defaultCommand, extra: programOptions)) ;;\n"
        out += """
                esac
            }
            _symdiff "$@"

            """
        return out
    }

    // MARK: - fish

    static func fish() -> String {
        let names = commands.flatMap { [$0.name] + $0.aliases }
        let all = names.joined(separator: " ")
        let defaultCommand = CommandTable.named(CommandLineRunner.defaultCommand)!
        func quoted(_ s: String) -> String { "'" + s.escaping(["\\": "\\\\", "'": "\\'"]) + "'" }
        func line(_ o: Option, when condition: String) -> String {
            var l = "complete -c symdiff -n \(quoted(condition)) -l \(o.name.dropFirst(2))"
            if o.takesValue {
                if !o.words.isEmpty {
                    l += " -x -a \(quoted(o.words.joined(separator: " ")))"
                } else if o.fileExtensions != nil {
                    l += " -r -F"
                } else {
                    l += " -x"
                }
            }
            return l + " -d \(quoted(o.help))\n"
        }
        var out = "# fish completion for symdiff, written by `symdiff --generate-completion-script fish`.\ncomplete -c symdiff -f\n"
        for c in commands {
            for name in [c.name] + c.aliases {
                out += "complete -c symdiff -n '__fish_use_subcommand' -a \(name) -d \(quoted(c.summary))\n"
            }
        }
        for c in commands {
            for o in options(c) { out += line(o, when: "__fish_seen_subcommand_from \(([c.name] + c.aliases).joined(separator: " "))") }
        }
        for o in options(defaultCommand) + programOptions { out += line(o, when: "not __fish_seen_subcommand_from \(all)") }
        out += "complete -c symdiff -n '__fish_seen_subcommand_from run' -F\n"
        return out
    }
}

extension String {
    /// The text with each character that is a key of `replacements` replaced by its value.
    func escaping(_ replacements: [Character: String]) -> String {
        var out = ""
        for c in self { out += replacements[c] ?? String(c) }
        return out
    }
}
