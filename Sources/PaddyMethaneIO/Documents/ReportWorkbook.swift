import Foundation

/// One report as the workbook and the HTML page read it: its file name, its column declarations
/// and its CSV text, in memory (the summary sections) or in a file (the row reports).
struct ReportSource {
    enum Content {
        case text(String)
        case file(URL)
    }

    let fileName: String
    let columns: [ColumnSpec]
    let content: Content

    /// Hands on every data row (the header skipped).
    func forEachRow(_ body: ([String]) throws -> Void) throws {
        var header = true
        func row(_ cells: [String]) throws {
            if header { header = false } else { try body(cells) }
        }
        switch content {
        case .text(let s):
            for cells in CSVReader.rows(s) { try row(cells) }
        case .file(let url):
            try CSVReader.forEachRow(of: url, row)
        }
    }
}

/// The workbook of a run (`--xlsx`): one sheet per report with the CSV's cells, numbers as
/// numbers and units in the headers, the header row frozen; then the data dictionary of every
/// column and the manifest.
enum ReportWorkbook {
    static let dictionarySheet = "data_dictionary"
    static let manifestSheet = "manifest"

    /// Writes the workbook of `reports` and `manifest` (its JSON) to `path`.
    static func write(to path: String, reports: [ReportSource], manifest: Data) throws {
        let book = try Workbook(path: path)
        var notes: [String] = []
        for report in reports {
            if let note = try writeReport(report, into: book) { notes.append(note) }
        }
        try writeDictionary(reports, into: book)
        try writeManifest(manifest, notes: notes, into: book)
        try book.close()
    }

    /// The sheet name of a report: its file name without `.csv`, within Excel's 31 characters.
    static func sheetName(_ fileName: String) -> String {
        String((fileName.hasSuffix(".csv") ? String(fileName.dropLast(4)) : fileName).prefix(Workbook.maxSheetName))
    }

    /// A CSV cell as a workbook cell: a number column's cells as numbers (empty where the column
    /// does not apply), text as text.
    static func cell(_ value: String, kind: ColumnKind) -> Workbook.Cell {
        if value.isEmpty { return .empty }
        if kind == .number, let v = Double(value) { return .number(v) }
        return .text(value)
    }

    /// Writes one report's sheet; returns a note when Excel's row limit cut it short.
    private static func writeReport(_ report: ReportSource, into book: Workbook) throws -> String? {
        let sheet = try book.sheet(sheetName(report.fileName), header: report.columns.map { DataDictionary.header(file: report.fileName, column: $0.name) })
        sheet.widths(report.columns.map { max(10, Double(DataDictionary.header(file: report.fileName, column: $0.name).count) + 2) })
        var left = 0
        try report.forEachRow { cells in
            guard !sheet.isFull else { left += 1; return }
            try sheet.write(zip(cells, report.columns).map { cell($0, kind: $1.kind) })
        }
        guard left > 0 else { return nil }
        return "sheet \(sheet.name) holds the first \(sheet.rows - 1) rows of \(report.fileName) (Excel's limit); the other \(left) are in the CSV"
    }

    private static func writeDictionary(_ reports: [ReportSource], into book: Workbook) throws {
        let sheet = try book.sheet(dictionarySheet, header: ["report", "column", "unit", "meaning"])
        sheet.widths([26, 30, 16, 90])
        for report in reports {
            for c in report.columns {
                let e = DataDictionary.entry(file: report.fileName, column: c.name)
                try sheet.write([.text(report.fileName), .text(c.name), .text(e?.unit ?? "–"),
                                 .text(e?.meaning ?? "not documented: see README.md")])
            }
        }
    }

    /// The manifest as key paths (`method.gwp.value`) and values, numbers as numbers.
    private static func writeManifest(_ manifest: Data, notes: [String], into book: Workbook) throws {
        let sheet = try book.sheet(manifestSheet, header: ["key", "value"])
        sheet.widths([40, 90])
        let object = try JSONSerialization.jsonObject(with: manifest)
        for (key, value) in flatten(object, prefix: "") { try sheet.write([.text(key), value]) }
        for note in notes { try sheet.write([.text("note"), .text(note)]) }
    }

    /// JSON flattened to (key path, cell) in key order; array elements get their index.
    static func flatten(_ value: Any, prefix: String) -> [(String, Workbook.Cell)] {
        func key(_ k: String) -> String { prefix.isEmpty ? k : "\(prefix).\(k)" }
        switch value {
        case let d as [String: Any]:
            return d.keys.sorted().flatMap { flatten(d[$0]!, prefix: key($0)) }
        case let a as [Any]:
            return a.enumerated().flatMap { flatten($1, prefix: key(String($0))) }
        case let n as NSNumber:
            // JSONSerialization gives booleans as NSNumber too, of C type `c` (char).
            if String(cString: n.objCType) == "c" { return [(prefix, .boolean(n.boolValue))] }
            return [(prefix, .number(n.doubleValue))]
        case let s as String:
            return [(prefix, .text(s))]
        default:
            return [(prefix, .empty)]
        }
    }
}
