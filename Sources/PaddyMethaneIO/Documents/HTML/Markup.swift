import Foundation

/// HTML or SVG markup built from elements and text. Text and attribute values are escaped here,
/// once, when they enter the markup; nothing else makes markup from a string.
struct Markup: Sendable {
    let html: String

    private init(raw: String) { html = raw }

    /// Text content, escaped.
    static func text(_ s: String) -> Markup { Markup(raw: escape(s)) }

    /// An element with attributes (values escaped) and children; `void` elements have none.
    static func tag(_ name: String, _ attributes: KeyValuePairs<String, String> = [:], _ children: [Markup] = []) -> Markup {
        var s = "<" + name
        for (k, v) in attributes { s += " \(k)=\"\(escape(v))\"" }
        s += ">"
        if voidElements.contains(name) { return Markup(raw: s) }
        for c in children { s += c.html }
        return Markup(raw: s + "</\(name)>")
    }

    static func tag(_ name: String, _ attributes: KeyValuePairs<String, String> = [:], text: String) -> Markup {
        tag(name, attributes, [.text(text)])
    }

    /// Text that may break after each `_` (long column names in narrow table headers), escaped.
    static func breakable(_ s: String) -> Markup {
        Markup(raw: s.split(separator: "_", omittingEmptySubsequences: false).map { escape(String($0)) }.joined(separator: "_<wbr>"))
    }

    static let empty = Markup(raw: "")

    /// The page: doctype, then `root`.
    static func document(_ root: Markup) -> String { "<!DOCTYPE html>\n" + root.html + "\n" }

    /// A style sheet's text (CSS is not HTML text: only `<` needs keeping out).
    static func style(_ css: String) -> Markup {
        precondition(!css.contains("<"), "inline CSS must not contain <")
        return Markup(raw: "<style>" + css + "</style>")
    }

    private static let voidElements: Set<String> = ["meta", "br", "hr", "img", "input", "link", "wbr"]

    /// `&`, `<`, `>`, `"` and `'` as character references.
    static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for c in s {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(c)
            }
        }
        return out
    }
}

/// Numbers as the page shows them: a fixed number of significant digits, no exponent.
enum Figures {
    /// `v` with about `significant` significant digits (at least 0 and at most 6 decimals).
    static func format(_ v: Double, significant: Int = 3) -> String {
        guard v.isFinite else { return "–" }
        guard v != 0 else { return "0" }
        let magnitude = Int(floor(log10(abs(v))))
        let decimals = min(6, max(0, significant - 1 - magnitude))
        return fixedPoint(v, decimals: decimals)
    }

    /// A percentage with one decimal.
    static func percent(_ share: Double) -> String { fixedPoint(100 * share, decimals: 1) + " %" }
}
