import CXlsxWriter
import Foundation

/// A problem writing the workbook, with libxlsxwriter's reason.
struct WorkbookError: Error, CustomStringConvertible {
    let description: String
}

/// An .xlsx workbook written with libxlsxwriter, row by row (constant-memory mode: each row goes
/// to disk when the next one starts, so a sheet of a million rows needs no more memory than one).
final class Workbook {
    /// Excel's limit: rows per sheet, the header included.
    static let maxRows = Int(LXW_ROW_MAX)
    /// Excel's limit on a sheet name [characters].
    static let maxSheetName = Int(LXW_SHEETNAME_MAX)

    private let path: String
    private var book: UnsafeMutablePointer<lxw_workbook>?
    private let bold: UnsafeMutablePointer<lxw_format>?

    /// Opens a workbook that `close()` writes to `path`.
    init(path: String) throws {
        self.path = path
        var options = lxw_workbook_options(constant_memory: UInt8(LXW_TRUE.rawValue), tmpdir: nil, use_zip64: UInt8(LXW_TRUE.rawValue))
        guard let book = path.withCString({ workbook_new_opt($0, &options) }) else {
            throw WorkbookError(description: "\(path): cannot create the workbook")
        }
        self.book = book
        bold = workbook_add_format(book)
        format_set_bold(bold)
    }

    deinit { if book != nil { _ = close(quietly: true) } }

    /// A sheet whose first row, `header`, is bold and stays in view when scrolling.
    func sheet(_ name: String, header: [String]) throws -> Sheet {
        guard let sheet = name.withCString({ workbook_add_worksheet(book, $0) }) else {
            throw WorkbookError(description: "\(path): cannot add the sheet \(name)")
        }
        worksheet_freeze_panes(sheet, 1, 0)
        let s = Sheet(sheet: sheet, path: path, name: name)
        try s.write(header.map { .text($0) }, format: bold)
        return s
    }

    /// Writes the file; the workbook cannot be used afterwards.
    func close() throws {
        if let message = close(quietly: false) { throw WorkbookError(description: "\(path): \(message)") }
    }

    private func close(quietly: Bool) -> String? {
        guard let b = book else { return nil }
        book = nil
        let e = workbook_close(b)
        return e == LXW_NO_ERROR ? nil : String(cString: lxw_strerror(e))
    }

    /// One cell's value.
    enum Cell: Equatable {
        case text(String)
        case number(Double)
        case boolean(Bool)
        case empty
    }

    /// A sheet being written, row after row.
    final class Sheet {
        private let sheet: UnsafeMutablePointer<lxw_worksheet>
        private let path: String
        let name: String
        /// Rows written, the header included.
        private(set) var rows = 0

        fileprivate init(sheet: UnsafeMutablePointer<lxw_worksheet>, path: String, name: String) {
            self.sheet = sheet
            self.path = path
            self.name = name
        }

        /// Whether another row fits (Excel's row limit).
        var isFull: Bool { rows >= Workbook.maxRows }

        /// Sets the widths of the first columns [characters].
        func widths(_ widths: [Double]) {
            for (i, w) in widths.enumerated() { worksheet_set_column(sheet, lxw_col_t(i), lxw_col_t(i), w, nil) }
        }

        func write(_ cells: [Cell], format: UnsafeMutablePointer<lxw_format>? = nil) throws {
            let row = lxw_row_t(rows)
            for (i, cell) in cells.enumerated() {
                let col = lxw_col_t(i)
                let e: lxw_error
                switch cell {
                case .text(let s): e = s.withCString { worksheet_write_string(sheet, row, col, $0, format) }
                case .number(let v): e = worksheet_write_number(sheet, row, col, v, format)
                case .boolean(let b): e = worksheet_write_boolean(sheet, row, col, b ? 1 : 0, format)
                case .empty: e = LXW_NO_ERROR
                }
                guard e == LXW_NO_ERROR else {
                    throw WorkbookError(description: "\(path): sheet \(name), row \(rows + 1), column \(i + 1): \(String(cString: lxw_strerror(e)))")
                }
            }
            rows += 1
        }
    }
}
