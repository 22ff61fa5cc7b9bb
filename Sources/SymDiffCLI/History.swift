import CReadline
import Glibc
import Session
import SymDiff

/// The REPL's persistent history: `$SYMDIFF_HISTORY`, else `~/.symdiff_history`, one line per
/// entry (the format readline reads). Saved after every line with `AtomicFile`, so a crash never
/// truncates it and nothing planted beside it is written through; a new history file is made
/// 0600 (it may hold what was typed), an existing one keeps its permissions.
enum History {
    static let maximumEntries: Int32 = 1000

    static var path: String? {
        if let p = getenv("SYMDIFF_HISTORY"), p.pointee != 0 { return String(cString: p) }
        if let home = getenv("HOME"), home.pointee != 0 { return String(cString: home) + "/.symdiff_history" }
        return nil
    }

    static func load() {
        guard symdiff_readline_available() != 0 else { return }
        symdiff_using_history()
        symdiff_stifle_history(maximumEntries)
        if let path { _ = symdiff_read_history(path) }
    }

    /// Adds a non-blank line (unless it repeats the previous one) and saves the history.
    static func add(_ line: String) {
        guard symdiff_readline_available() != 0, line.contains(where: { $0 != " " && $0 != "\t" }) else { return }
        if let last = symdiff_history_last(), String(cString: last) == line { return }
        symdiff_add_history(line)
        save()
    }

    private static func save() {
        guard let path else { return }
        var text = ""
        if var entry = symdiff_history_list() {
            while let line = entry.pointee?.pointee.line {
                text += String(cString: line) + "\n"
                entry += 1
            }
        }
        try? AtomicFile.write(text, to: path, permissions: 0o600)
    }
}

/// Tab completion of commands, function names, the user's names and meta commands.
enum Completion {
    /// The names to offer, refreshed before each prompt.
    nonisolated(unsafe) static var names: [String] = []
    nonisolated(unsafe) private static var matches: [String] = []
    nonisolated(unsafe) private static var next = 0

    static func install() {
        guard symdiff_readline_available() != 0 else { return }
        // ':' is part of a word so that :he<TAB> completes to :help.
        symdiff_readline_configure({ text, _, _ in
            symdiff_readline_no_default_completion()
            return symdiff_rl_completion_matches(text) { text, state in
                if state == 0 {
                    let prefix = text.map { String(cString: $0) } ?? ""
                    let pool = prefix.hasPrefix(":") ? Session.metaCommands : Completion.names
                    Completion.matches = Array(Set(pool.filter { $0.hasPrefix(prefix) })).sorted()
                    Completion.next = 0
                }
                guard Completion.next < Completion.matches.count else { return nil }
                defer { Completion.next += 1 }
                return strdup(Completion.matches[Completion.next])
            }
        }, strdup(" \t\n\"\\'`@$><=;|&{(,)+-*/^[]%"))
    }
}
