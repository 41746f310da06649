/// One column of a CSV report: its header and how a row fills its cell, declared together so
/// that the header and the rows cannot drift apart.
struct Column<Row>: Sendable {
    let name: String
    /// Whether its cells are text or numbers (the workbook types its cells by it).
    let kind: ColumnKind
    let cell: @Sendable (Row, inout CSVRow) -> Void

    static func text(_ name: String, _ value: @escaping @Sendable (Row) -> String) -> Column {
        Column(name: name, kind: .text) { r, row in row.text(value(r)) }
    }

    static func int(_ name: String, _ value: @escaping @Sendable (Row) -> Int) -> Column {
        Column(name: name, kind: .number) { r, row in row.int(value(r)) }
    }

    static func number(_ name: String, decimals: Int, _ value: @escaping @Sendable (Row) -> Double) -> Column {
        Column(name: name, kind: .number) { r, row in row.number(value(r), decimals: decimals) }
    }

    /// A number, or an empty cell where it does not apply.
    static func optional(_ name: String, decimals: Int, _ value: @escaping @Sendable (Row) -> Double?) -> Column {
        Column(name: name, kind: .number) { r, row in
            if let v = value(r) { row.number(v, decimals: decimals) } else { row.empty() }
        }
    }
}

/// What a column holds: text, or numbers (an empty cell where the column does not apply).
enum ColumnKind: String, Sendable {
    case text, number
}

/// A column's name and kind, whatever the table's row type: what the workbook, the HTML report
/// and the data dictionary need of a declaration.
struct ColumnSpec: Sendable, Equatable {
    let name: String
    let kind: ColumnKind
}

/// A CSV report table: its columns, hence its header and the formatting of each row.
struct CSVTable<Row>: Sendable {
    let columns: [Column<Row>]

    init(_ columns: [Column<Row>]) { self.columns = columns }

    var specs: [ColumnSpec] { columns.map { ColumnSpec(name: $0.name, kind: $0.kind) } }

    var header: String { columns.map(\.name).joined(separator: ",") + "\n" }

    func line(_ r: Row) -> String {
        var bytes: [UInt8] = []
        append(r, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends the row's line to `bytes` (the per-paddy reports, formatted on the compute threads).
    func append(_ r: Row, to bytes: inout [UInt8]) {
        var row = CSVRow()
        for c in columns { c.cell(r, &row) }
        row.end()
        bytes += row.bytes
    }

    /// The header and the rows.
    func text(_ rows: [Row]) -> String {
        var out = header
        for r in rows { out += line(r) }
        return out
    }
}

/// A summary report computed from mergeable state when a run (or a merge) finishes.
protocol ReportSection {
    associatedtype Row
    static var fileName: String { get }
    static var table: CSVTable<Row> { get }
    /// The data rows, in report order.
    func rows() -> [Row]
}

extension ReportSection {
    /// The whole file: header and rows.
    func text() -> String { Self.table.text(rows()) }

    /// The whole file with its column declarations. The lists of sections (`InventorySections`,
    /// `ScenarioSections`) are typed `[(String, ReportText)]`, so a section added to them with
    /// `(S.fileName, S(...).text())` gets this one and appears in the workbook and the HTML report.
    func text() -> ReportText { ReportText(text: Self.table.text(rows()), columns: Self.table.specs) }
}

/// A report's CSV text and its column declarations.
struct ReportText: Sendable {
    let text: String
    let columns: [ColumnSpec]
}
