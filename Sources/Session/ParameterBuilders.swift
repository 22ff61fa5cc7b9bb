import SymDiff

/// `a|b|c`, built without `joined`, whose first use costs a one-shot call a runtime lookup.
private func alternatives(_ words: [String]) -> String {
    var text = ""
    for w in words { text += (text.isEmpty ? "" : "|") + w }
    return text
}

/// The front ends' names for the default spellings: `--name` and `name` with `_` for `-`.
private func defaultOption(_ name: String) -> String { "--" + name }
private func defaultKeyword(_ name: String) -> String { name.replacingDashes }

extension String {
    var replacingDashes: String { String(map { $0 == "-" ? "_" : $0 }) }
}

// One builder per kind of value: each fixes the type of the value and its default spellings.

extension Parameter where T == Expr {
    /// A required expression: the first argument on the command line and in statements.
    public static func expression(_ name: String = "expression", valueName: String = "EXPR", help: String,
                                  kind: ParameterKind = .expression) -> Parameter {
        Parameter(ParameterSpec(name: name, kind: kind, help: help, valueName: valueName, defaultDescription: nil, isRequired: true,
                                commandLine: .positional, statement: .positional(keyword: nil)), default: .zero)
    }

    /// A required variable given by option on the command line, by position in statements.
    public static func variable(_ name: String, valueName: String, help: String) -> Parameter {
        Parameter(ParameterSpec(name: name, kind: .variable, help: help, valueName: valueName, defaultDescription: nil, isRequired: true,
                                commandLine: .option(defaultOption(name)), statement: .positional(keyword: defaultKeyword(name))), default: .zero)
    }
}

extension Parameter where T == Expr? {
    /// An optional variable given by option on the command line, by position in statements.
    public static func optionalVariable(_ name: String, option: String? = nil, valueName: String, help: String) -> Parameter {
        Parameter(ParameterSpec(name: name, kind: .variable, help: help, valueName: valueName, defaultDescription: nil, isRequired: false,
                                commandLine: .option(option ?? defaultOption(name)), statement: .positional(keyword: defaultKeyword(name))), default: nil)
    }
}

extension Parameter where T == Value {
    /// A required expression that statements may also give as a result (a gradient, a matrix).
    public static func subject(help: String) -> Parameter {
        Parameter(ParameterSpec(name: "expression", kind: .subject, help: help, valueName: "EXPR", defaultDescription: nil, isRequired: true,
                                commandLine: .positional, statement: .positional(keyword: nil)), default: .text(""))
    }
}

extension Parameter where T == [Expr] {
    /// Variables: `--vars x,y` on the command line, the arguments after the expression in
    /// statements; empty when not given.
    /// `positional`: false for keyword only (`vars=[x, y]`).
    public static func variables(_ name: String = "variables", option: String = "--vars", valueName: String = "x,y", positional: Bool = true,
                                 help: String) -> Parameter {
        Parameter(ParameterSpec(name: name, kind: .variables, help: help, valueName: valueName, defaultDescription: nil, isRequired: false,
                                commandLine: .option(option), statement: positional ? .positional(keyword: "vars") : .keyword("vars")),
                  default: [])
    }

    /// Expressions: the positional arguments on the command line, a list in statements.
    public static func expressions(_ name: String = "expressions", valueName: String = "EXPR", help: String) -> Parameter {
        Parameter(ParameterSpec(name: name, kind: .expressions, help: help, valueName: valueName, defaultDescription: nil, isRequired: true,
                                commandLine: .positional, statement: .positional(keyword: nil)), default: [])
    }

    /// Further expressions by a repeatable option on the command line, a list keyword in statements.
    public static func extraExpressions(_ name: String, valueName: String, help: String) -> Parameter {
        Parameter(ParameterSpec(name: name, kind: .expressions, help: help, valueName: valueName, defaultDescription: nil, isRequired: false,
                                commandLine: .repeatedOption(defaultOption(name)), statement: .keyword(defaultKeyword(name))), default: [])
    }
}

extension Parameter where T == [CountedVariable] {
    /// Variables with counts: a repeatable option on the command line, the arguments after the
    /// expression in statements, where a whole number after a variable says how many times.
    public static func countedVariables(_ name: String, option: String, valueName: String, help: String) -> Parameter {
        Parameter(ParameterSpec(name: name, kind: .countedVariables, help: help, valueName: valueName, defaultDescription: nil, isRequired: false,
                                commandLine: .repeatedOption(option), statement: .positional(keyword: nil)), default: [])
    }
}

extension Parameter where T == [Coordinate] {
    /// A point: `option x=1,y=2` on the command line, `x=1, y=2` keywords in statements.
    public static func point(_ name: String, option: String, valueName: String = "x=1,y=2", isRequired: Bool = true, help: String) -> Parameter {
        Parameter(ParameterSpec(name: name, kind: .point, help: help, valueName: valueName, defaultDescription: nil, isRequired: isRequired,
                                commandLine: .option(option), statement: .freeKeywords), default: [])
    }
}

extension Parameter where T == [Assignment] {
    /// Substitutions: `option x=y+1` on the command line, `x=y+1` keywords in statements.
    public static func assignments(_ name: String, option: String, valueName: String, help: String) -> Parameter {
        Parameter(ParameterSpec(name: name, kind: .assignments, help: help, valueName: valueName, defaultDescription: nil, isRequired: true,
                                commandLine: .option(option), statement: .freeKeywords), default: [])
    }
}

extension Parameter where T == Int {
    /// A whole number with a default: `--name n`, `name=n`.
    public static func integer(_ name: String, in range: ClosedRange<Int>, default value: Int, option: String? = nil,
                               keyword: String? = nil, valueName: String = "n", help: String) -> Parameter {
        Parameter(ParameterSpec(name: name, kind: .integer(WholeNumbers(range)), help: help, valueName: valueName, defaultDescription: String(value),
                                isRequired: false, commandLine: .option(option ?? defaultOption(name)),
                                statement: .keyword(keyword ?? defaultKeyword(name))), default: value)
    }
}

extension Parameter where T == Int? {
    /// A whole number without a default.
    public static func optionalInteger(_ name: String, in range: ClosedRange<Int>, option: String? = nil, keyword: String? = nil,
                                       valueName: String = "n", defaultDescription: String? = nil, help: String) -> Parameter {
        Parameter(ParameterSpec(name: name, kind: .integer(WholeNumbers(range)), help: help, valueName: valueName, defaultDescription: defaultDescription,
                                isRequired: false, commandLine: .option(option ?? defaultOption(name)),
                                statement: .keyword(keyword ?? defaultKeyword(name))), default: nil)
    }
}

extension Parameter where T == Double {
    /// A number with a default.
    public static func number(_ name: String, default value: Double, valueName: String = "x", help: String) -> Parameter {
        Parameter(ParameterSpec(name: name, kind: .number, help: help, valueName: valueName, defaultDescription: formatNumber(value),
                                isRequired: false, commandLine: .option(defaultOption(name)), statement: .keyword(defaultKeyword(name))),
                  default: value)
    }
}

extension Parameter where T == Double? {
    /// A number without a default.
    public static func optionalNumber(_ name: String, keyword: String? = nil, valueName: String = "x", defaultDescription: String? = nil,
                                      help: String) -> Parameter {
        Parameter(ParameterSpec(name: name, kind: .number, help: help, valueName: valueName, defaultDescription: defaultDescription,
                                isRequired: false, commandLine: .option(defaultOption(name)),
                                statement: .keyword(keyword ?? defaultKeyword(name))), default: nil)
    }
}

extension Parameter where T == String {
    /// One of `choices`, with a default.
    public static func choice(_ name: String, _ choices: [String], aliases: [WordAlias] = [], default value: String,
                              help: String) -> Parameter {
        Parameter(ParameterSpec(name: name, kind: .choice(choices, aliases: aliases), help: help, valueName: alternatives(choices),
                                defaultDescription: value, isRequired: false, commandLine: .option(defaultOption(name)),
                                statement: .keyword(defaultKeyword(name))), default: value)
    }

    /// A name (such as the emitted function's), with a default.
    public static func identifier(_ name: String, default value: String, valueName: String, help: String) -> Parameter {
        Parameter(ParameterSpec(name: name, kind: .identifier, help: help, valueName: valueName, defaultDescription: value,
                                isRequired: false, commandLine: .option(defaultOption(name)), statement: .keyword(defaultKeyword(name))),
                  default: value)
    }
}

extension Parameter where T == String? {
    /// One of `choices`, or nothing.
    public static func optionalChoice(_ name: String, _ choices: [String], help: String) -> Parameter {
        Parameter(ParameterSpec(name: name, kind: .choice(choices, aliases: []), help: help, valueName: alternatives(choices),
                                defaultDescription: nil, isRequired: false, commandLine: .option(defaultOption(name)),
                                statement: .keyword(defaultKeyword(name))), default: nil)
    }

    /// A file the command line writes the result to; not in statements.
    public static func outputFile(_ name: String = "output", option: String = "--output", extensions: [String], valueName: String = "path",
                                  help: String) -> Parameter {
        Parameter(ParameterSpec(name: name, kind: .outputFile(extensions: extensions), help: help, valueName: valueName,
                                defaultDescription: nil, isRequired: false, commandLine: .option(option), statement: .unavailable),
                  default: nil)
    }
}

extension Parameter where T == [String] {
    /// Some of `choices`, comma-separated on the command line, a list in statements.
    public static func choices(_ name: String, _ choices: [String], valueName: String, help: String) -> Parameter {
        Parameter(ParameterSpec(name: name, kind: .choices(choices), help: help, valueName: valueName, defaultDescription: nil,
                                isRequired: false, commandLine: .option(defaultOption(name)), statement: .keyword(defaultKeyword(name))),
                  default: [])
    }

    /// Files to read, the positional arguments of the command line.
    public static func inputFiles(_ name: String, valueName: String, help: String) -> Parameter {
        Parameter(ParameterSpec(name: name, kind: .inputFiles, help: help, valueName: valueName, defaultDescription: nil,
                                isRequired: true, commandLine: .positional, statement: .unavailable), default: [])
    }
}

extension Parameter where T == [Int] {
    /// Whole numbers, comma-separated on the command line, a list in statements.
    public static func integers(_ name: String, in range: ClosedRange<Int>, valueName: String, help: String) -> Parameter {
        Parameter(ParameterSpec(name: name, kind: .integers(WholeNumbers(range)), help: help, valueName: valueName, defaultDescription: nil,
                                isRequired: false, commandLine: .option(defaultOption(name)), statement: .keyword(defaultKeyword(name))),
                  default: [])
    }
}

extension Parameter where T == [ClosedRange<Double>] {
    /// Ranges `lower:upper` for each variable; empty when not given.
    public static func ranges(_ name: String, valueName: String, help: String) -> Parameter {
        Parameter(ParameterSpec(name: name, kind: .ranges, help: help, valueName: valueName, defaultDescription: nil,
                                isRequired: false, commandLine: .option(defaultOption(name)), statement: .keyword(defaultKeyword(name))),
                  default: [])
    }
}

extension Parameter where T == Bool {
    /// Yes or no, false unless given: `--name` on the command line, `name=true` in statements.
    public static func flag(_ name: String, help: String, frontEnds: FrontEnds = .both) -> Parameter {
        Parameter(ParameterSpec(name: name, kind: .flag, help: help, valueName: "true|false", defaultDescription: nil, isRequired: false,
                                commandLine: frontEnds.contains(.commandLine) ? .flag(defaultOption(name), turnsOff: false) : .unavailable,
                                statement: frontEnds.contains(.statement) ? .keyword(defaultKeyword(name)) : .unavailable),
                  default: false)
    }

    /// Yes or no, true unless turned off: `--no-name` on the command line, `name=false` in
    /// statements.
    public static func onByDefault(_ name: String, help: String) -> Parameter {
        Parameter(ParameterSpec(name: name, kind: .flag, help: help, valueName: "true|false", defaultDescription: "true", isRequired: false,
                                commandLine: .flag("--no-" + name, turnsOff: true), statement: .keyword(defaultKeyword(name))),
                  default: true)
    }
}
