import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// An .xlsx workbook read back as Excel would (it is a zip of XML parts): the sheets in workbook
/// order through the workbook's relationships, each cell with its stored type.
struct XLSXWorkbook {
    enum Cell: Equatable {
        case number(Double)
        case text(String)
        case boolean(Bool)
        case empty
    }

    struct Sheet {
        var name: String
        var rows: [[Cell]]
        /// The pane is frozen below the first row.
        var frozenHeader: Bool
    }

    var sheets: [Sheet]

    func sheet(_ name: String) -> Sheet? { sheets.first { $0.name == name } }

    init(path: String) throws {
        func part(_ name: String) throws -> Data {
            let unzip = Process()
            unzip.executableURL = URL(fileURLWithPath: "/usr/bin/unzip")
            unzip.arguments = ["-p", path, name]
            let pipe = Pipe()
            unzip.standardOutput = pipe
            try unzip.run()
            let data = pipe.fileHandleForReading.readDataToEndOfFile()
            unzip.waitUntilExit()
            guard unzip.terminationStatus == 0, !data.isEmpty else { throw FixtureError(description: "unzip -p \(path) \(name): status \(unzip.terminationStatus)") }
            return data
        }
        let targets = Dictionary(try XMLElements(part("xl/_rels/workbook.xml.rels"), named: "Relationship").map { ($0["Id"] ?? "", $0["Target"] ?? "") }) { a, _ in a }
        sheets = try XMLElements(try part("xl/workbook.xml"), named: "sheet").map { s in
            let target = targets[s["r:id"] ?? ""] ?? ""
            let xml = try part("xl/" + target)
            let reader = try SheetXML(xml)
            return Sheet(name: s["name"] ?? "", rows: reader.rows, frozenHeader: reader.frozenHeader)
        }
    }
}

/// The attributes of every element called `name` in an XML document.
private func XMLElements(_ data: Data, named name: String) throws -> [[String: String]] {
    final class Collector: NSObject, XMLParserDelegate {
        let name: String
        var found: [[String: String]] = []
        init(_ name: String) { self.name = name }
        func parser(_ p: XMLParser, didStartElement e: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String]) {
            if e == name { found.append(attributes) }
        }
    }
    let c = Collector(name)
    let p = XMLParser(data: data)
    p.delegate = c
    guard p.parse() else { throw FixtureError(description: "not well-formed XML: \(p.parserError.map { "\($0)" } ?? "?")") }
    return c.found
}

/// One worksheet's cells (`<c r="B2" t="…"><v>…</v></c>`, inline strings `<is><t>…</t></is>`).
private final class SheetXML: NSObject, XMLParserDelegate {
    var rows: [[XLSXWorkbook.Cell]] = []
    var frozenHeader = false
    private var type: String?
    private var column = 0
    private var text = ""
    private var inValue = false

    init(_ data: Data) throws {
        super.init()
        let p = XMLParser(data: data)
        p.delegate = self
        guard p.parse() else { throw FixtureError(description: "a sheet is not well-formed XML: \(p.parserError.map { "\($0)" } ?? "?")") }
    }

    /// The 0-based column of a cell reference such as `AB12`.
    static func column(_ ref: String) -> Int {
        ref.prefix { $0.isLetter }.unicodeScalars.reduce(0) { $0 * 26 + Int($1.value) - 64 } - 1
    }

    func parser(_ p: XMLParser, didStartElement e: String, namespaceURI: String?, qualifiedName: String?, attributes a: [String: String]) {
        switch e {
        case "row": rows.append([])
        case "c": type = a["t"]; column = Self.column(a["r"] ?? "A"); text = ""
        case "v", "t": inValue = true
        case "pane": frozenHeader = a["state"] == "frozen" && a["ySplit"] == "1"
        default: break
        }
    }

    func parser(_ p: XMLParser, foundCharacters s: String) { if inValue { text += s } }

    func parser(_ p: XMLParser, didEndElement e: String, namespaceURI: String?, qualifiedName: String?) {
        switch e {
        case "v", "t": inValue = false
        case "c":
            let cell: XLSXWorkbook.Cell = switch type {
            case "inlineStr", "str": .text(text)
            case "b": .boolean(text == "1")
            case nil, "n": Double(text).map { .number($0) } ?? .empty
            default: .text(text)
            }
            while rows[rows.count - 1].count < column { rows[rows.count - 1].append(.empty) }
            rows[rows.count - 1].append(cell)
        default: break
        }
    }
}
