import Foundation
import NetCDF
import PaddyMethane

/// Writes the process model's daily CH4 flux as a CF-1.8 timeSeries NetCDF-4 file,
/// `ch4_flux(paddy, time)` [g m-2 d-1], one row per input paddy in input order, fill outside
/// seasons. Written under a temporary name and renamed when complete.
final class DailyFluxWriter {
    private let url: URL
    private let temporary: URL
    private let file: NetCDFFile
    private let ids: Variable
    private let flux: Variable
    private let span: ClosedRange<Int>
    static let fill: Float = -9999

    init(url: URL, paddies: Int, span: ClosedRange<Int>, calendar: CFCalendar, blockSize: Int, provenance: [(String, String)]) throws {
        self.url = url
        self.span = span
        temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).partial-\(ProcessInfo.processInfo.processIdentifier)")
        file = try NetCDFFile.create(temporary.path, format: .netcdf4)
        let days = span.count
        let paddyDim = try file.defineDimension("paddy", length: paddies)
        let timeDim = try file.defineDimension("time", length: days)
        let strDim = try file.defineDimension("id_strlen", length: 64)
        ids = try file.defineVariable("paddy_id", type: .char, dimensions: [paddyDim, strDim])
        try file.putAttribute("cf_role", .text("timeseries_id"), of: ids)
        let time = try file.defineVariable("time", type: .double, dimensions: [timeDim])
        try file.putAttribute("standard_name", .text("time"), of: time)
        try file.putAttribute("units", .text("days since \(calendar.date(ofDay: span.lowerBound))"), of: time)
        try file.putAttribute("calendar", .text(calendar.rawValue), of: time)
        flux = try file.defineVariable("ch4_flux", type: .float, dimensions: [paddyDim, timeDim],
                                       chunkSizes: [max(1, min(blockSize, paddies)), days], deflateLevel: 1, fill: Double(Self.fill))
        try file.putAttribute("long_name", .text("CH4 emission from the paddy to the atmosphere (CH4MOD daily process model)"), of: flux)
        try file.putAttribute("units", .text("g m-2 d-1"), of: flux)
        try file.putAttribute("comment", .text("mass of CH4 per m2 of paddy per day; fill outside detected or given seasons and for rejected paddies"), of: flux)
        try file.putAttribute("coordinates", .text("time paddy_id"), of: flux)
        try file.putAttribute("Conventions", .text("CF-1.8"))
        try file.putAttribute("featureType", .text("timeSeries"))
        try file.putAttribute("title", .text("Daily CH4 flux from rice paddies"))
        for (k, v) in provenance { try file.putAttribute(k, .text(v)) }
        try file.endDefine()
        try file.write(time, (0..<days).map(Double.init))
    }

    /// Writes the rows of paddies `start ..< start + outcomes.count`.
    func write(start: Int, ids idList: [String], outcomes: [PaddyOutcome]) throws {
        let days = span.count
        var values = [Float](repeating: Self.fill, count: outcomes.count * days)
        for (k, outcome) in outcomes.enumerated() {
            for r in outcome.results {
                guard let daily = r.dailyFluxGPerM2 else { continue }
                for (i, v) in daily.enumerated() {
                    let d = r.assessment.window.firstDay + i - span.lowerBound
                    if d >= 0 && d < days { values[k * days + d] = v }
                }
            }
        }
        try file.writeStrings(ids, idList, start: [start], count: [idList.count])
        try file.write(flux, values, start: [start, 0], count: [outcomes.count, days])
    }

    func commit() throws {
        try file.closeChecked()
        guard rename(temporary.path, url.path) == 0 else { throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path]) }
    }

    func discard() {
        file.close()
        try? FileManager.default.removeItem(at: temporary)
    }
}
