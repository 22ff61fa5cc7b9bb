import Session
import SymDiff

/// The manual page (`symdiff --generate-man-page`, roff for `man`), written from the command
/// table like `--help`: the commands with their usage, options and examples, the syntax, the
/// exit statuses and the environment.
enum ManPage {
    /// The whole page.
    static func text(version: String) -> String {
        var out = """
            .TH SYMDIFF 1 "" "symdiff \(version)" "User Commands"
            .SH NAME
            symdiff \\- symbolic differentiation: exact derivatives, simplified and printed
            .SH SYNOPSIS
            .B symdiff
            .I EXPR
            [\\fIoptions\\fR]
            .br
            .B symdiff
            .I COMMAND
            [\\fIarguments\\fR]
            .br
            .B symdiff
            (the interactive session; statements from standard input when it is not a terminal)
            .SH DESCRIPTION
            symdiff differentiates, simplifies, evaluates, minimizes, plots and emits code for
            expressions. Results go to standard output, messages to standard error. Without a
            command, \\fBsymdiff\\fR \\fIEXPR\\fR runs \\fBdiff\\fR.
            .SH COMMANDS

            """
        for command in CommandTable.available(in: .commandLine) {
            out += ".SS \(escaped(command.name))\n\(escaped(command.summary)).\n"
            out += ".PP\n.B \(escaped(CommandLineHelp.usage(command)))\n"
            if !command.discussion.isEmpty { out += ".PP\n\(escaped(command.discussion))\n" }
            for (left, right) in CommandLineHelp.optionRows(command) {
                out += ".TP\n.B \(escaped(left))\n\(escaped(right))\n"
            }
            let examples = command.examples.filter { $0.frontEnds.contains(.commandLine) }
            if !examples.isEmpty {
                out += ".PP\nExamples:\n.RS\n.nf\n"
                for e in examples {
                    out += escaped(e.commandLine(for: command, isDefault: CommandLineHelp.isDefault(command))) + "\n"
                    if let output = e.output?.split(separator: "\n").first { out += "  \\(-> " + escaped(String(output)) + "\n" }
                }
                out += ".fi\n.RE\n"
            }
        }
        out += """
            .SH SYNTAX
            + \\- * / and ^ or ** (right-associative; \\-x^2 is \\-(x^2)); numbers 3, 2.5, .5, 1e\\-3 (decimals
            are exact); constants pi, e; implicit multiplication where unambiguous: 2x, 3sin(x), (x+1)(x\\-1).
            Functions: \(escaped(FunctionTable.names.joined(separator: " "))).
            .SH EXIT STATUS
            .TP 6

            """
        out += Output.Status.allCases.map { "\($0.rawValue)\n\(escaped($0.meaning))" }.joined(separator: "\n.TP\n") + "\n"
        out += """
            .SH ENVIRONMENT
            .TP
            .B COLUMNS\\fR, \\fBLINES
            The size that help and terminal plots are laid out for (else the terminal's).
            .TP
            .B NO_COLOR
            When set, terminal plots are drawn without colour.
            .TP
            .B SYMDIFF_HISTORY
            The interactive session's history file (default ~/.symdiff_history).
            .SH SEE ALSO
            \\fBsymdiff help\\fR \\fICOMMAND\\fR, \\fBsymdiff \\-\\-generate\\-completion\\-script\\fR \\fIbash\\fR|\\fIzsh\\fR|\\fIfish\\fR

            """
        return out
    }

    /// Text with roff's special characters escaped; a line starting with `.` or `'` is guarded.
    static func escaped(_ text: String) -> String {
        let body = text.escaping(["\\": "\\e", "-": "\\-"])
        return body.hasPrefix(".") || body.hasPrefix("'") ? "\\&" + body : body
    }
}
