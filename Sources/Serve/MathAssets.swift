import Foundation

/// The typesetting library the page loads, from the system's packages: KaTeX (Debian's
/// `libjs-katex`), else MathJax (`libjs-mathjax`). Without either the page shows LaTeX source.
enum MathAssets {
    /// Which library the page uses.
    enum Library: String, Sendable {
        case katex, mathjax, none
    }

    private static let katexFolder = "/usr/share/javascript/katex"
    private static let mathjaxFolder = "/usr/share/javascript/mathjax"

    /// The library found on this machine, looked up once.
    static let found: Library = {
        if FileManager.default.fileExists(atPath: katexFolder + "/katex.min.js") { return .katex }
        if FileManager.default.fileExists(atPath: mathjaxFolder + "/MathJax.js") { return .mathjax }
        return .none
    }()

    /// The file `name` of the library's folder with its media type; nil for any name that is not
    /// a plain relative path inside the folder (no `..`, no hidden files) or is not there.
    static func file(named name: String) -> (Data, String)? {
        let folder: String
        switch found {
        case .katex: folder = katexFolder
        case .mathjax: folder = mathjaxFolder
        case .none: return nil
        }
        let parts = name.split(separator: "/", omittingEmptySubsequences: false)
        guard !parts.isEmpty, parts.allSatisfy({ part in
            !part.isEmpty && !part.hasPrefix(".") && part.allSatisfy { $0.isLetter || $0.isNumber || "-_.".contains($0) }
        }) else { return nil }
        let path = folder + "/" + name
        let resolved = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        let root = URL(fileURLWithPath: folder).resolvingSymlinksInPath().path
        // Debian links some of the package's files elsewhere under /usr/share; anything outside
        // /usr/share is refused.
        guard resolved.hasPrefix(root + "/") || resolved.hasPrefix("/usr/share/"),
              let data = FileManager.default.contents(atPath: path) else { return nil }
        return (data, mediaType(of: name))
    }

    private static func mediaType(of name: String) -> String {
        switch name.split(separator: ".").last ?? "" {
        case "js": return "text/javascript; charset=utf-8"
        case "css": return "text/css; charset=utf-8"
        case "woff2": return "font/woff2"
        case "woff": return "font/woff"
        case "ttf": return "font/ttf"
        case "svg": return "image/svg+xml"
        default: return "application/octet-stream"
        }
    }
}
