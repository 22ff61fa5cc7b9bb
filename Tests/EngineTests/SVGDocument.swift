import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// An SVG file parsed as XML for structural checks: every element with its attributes and text.
/// Parsing fails (nil) when the file is not well-formed XML.
struct SVGDocument {
    struct Element {
        let name: String
        let attributes: [String: String]
        var text: String
    }

    let elements: [Element]
    /// Width and height from the root's `viewBox="0 0 W H"`.
    let width: Double
    let height: Double

    init?(_ svg: String) {
        let collector = Collector()
        let parser = XMLParser(data: Data(svg.utf8))
        parser.delegate = collector
        guard parser.parse(), let root = collector.elements.first, root.name == "svg",
              let box = root.attributes["viewBox"]?.split(separator: " ").compactMap({ Double($0) }), box.count == 4,
              box[0] == 0, box[1] == 0 else { return nil }
        elements = collector.elements
        width = box[2]
        height = box[3]
    }

    func elements(named name: String, class className: String? = nil) -> [Element] {
        elements.filter { $0.name == name && (className == nil || $0.attributes["class"] == className) }
    }

    /// The subpaths of a path's `d` (`M x y L x y …`), as pixel points.
    static func subpaths(_ d: String) -> [[(x: Double, y: Double)]] {
        d.split(separator: "M").map { part in
            part.split(separator: "L").map { pair in
                let numbers = pair.split(separator: " ").map { Double($0) ?? .nan }
                return (numbers.first ?? .nan, numbers.count == 2 ? numbers[1] : .nan)
            }
        }
    }

    /// Every coordinate of the drawing: element positions and sizes and path points.
    var coordinates: [(x: Double, y: Double)] {
        var points: [(Double, Double)] = []
        for e in elements {
            let a = e.attributes
            for (kx, ky) in [("x", "y"), ("x1", "y1"), ("x2", "y2"), ("cx", "cy")] {
                if let x = a[kx], let y = a[ky] { points.append((Double(x) ?? .nan, Double(y) ?? .nan)) }
            }
            if e.name == "rect", let x = a["x"], let y = a["y"], let w = a["width"], let h = a["height"] {
                points.append(((Double(x) ?? .nan) + (Double(w) ?? .nan), (Double(y) ?? .nan) + (Double(h) ?? .nan)))
            }
            if let d = a["d"] { points += Self.subpaths(d).flatMap { $0 } }
        }
        return points
    }

    private final class Collector: NSObject, XMLParserDelegate {
        var elements: [Element] = []
        var open: [Int] = []

        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                    attributes: [String: String] = [:]) {
            open.append(elements.count)
            elements.append(Element(name: name, attributes: attributes, text: ""))
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            if let last = open.last { elements[last].text += string }
        }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            open.removeLast()
        }
    }
}
