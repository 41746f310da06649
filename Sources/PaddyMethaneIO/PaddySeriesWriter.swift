import Foundation
import NetCDF
import PaddyMethane

/// Writes one daily value per paddy as a CF-1.8 timeSeries NetCDF-4 file: `name(paddy, time)`, or
/// `name(scenario, paddy, time)` with named layers, one row per input paddy in input order, fill
/// where there is no value. Identifiers and scenario names are NetCDF-4 strings, kept byte for
/// byte whatever their length. Written under a temporary name and renamed when complete.
final class PaddySeriesWriter {
    struct Variable {
        var name: String
        var units: String
        var longName: String
        var comment: String
    }

    private let output: NetCDFOutput
    private let file: NetCDFFile
    private let ids: NetCDF.Variable
    private let values: NetCDF.Variable
    private let span: ClosedRange<Int>
    private let layered: Bool
    static let fill: Float = -9999

    init(url: URL, variable v: Variable, layers: [String]? = nil, paddies: Int, span: ClosedRange<Int>, calendar: CFCalendar,
         blockSize: Int, provenance: [(String, String)]) throws {
        self.span = span
        layered = layers != nil
        output = try NetCDFOutput(url: url)
        file = output.file
        let days = span.count
        var leading: [NetCDF.Dimension] = []
        var layerNames: NetCDF.Variable? = nil
        if let layers {
            let d = try file.defineDimension("scenario", length: layers.count)
            leading = [d]
            layerNames = try file.defineVariable("scenario", type: .string, dimensions: [d])
            try file.putAttribute("long_name", .text("scenario name"), of: layerNames!)
        }
        let paddyDim = try file.defineDimension("paddy", length: paddies)
        let timeDim = try file.defineDimension("time", length: days)
        ids = try file.defineVariable("paddy_id", type: .string, dimensions: [paddyDim])
        try file.putAttribute("cf_role", .text("timeseries_id"), of: ids)
        let time = try file.defineVariable("time", type: .double, dimensions: [timeDim])
        try file.putAttribute("standard_name", .text("time"), of: time)
        try file.putAttribute("units", .text("days since \(calendar.date(ofDay: span.lowerBound))"), of: time)
        try file.putAttribute("calendar", .text(calendar.rawValue), of: time)
        let chunk = max(1, min(blockSize, paddies))
        values = try file.defineVariable(v.name, type: .float, dimensions: leading + [paddyDim, timeDim],
                                         chunkSizes: (layers == nil ? [] : [1]) + [chunk, days], deflateLevel: 1, fill: Double(Self.fill))
        try file.putAttribute("long_name", .text(v.longName), of: values)
        try file.putAttribute("units", .text(v.units), of: values)
        try file.putAttribute("comment", .text(v.comment), of: values)
        try file.putAttribute("coordinates", .text("time paddy_id"), of: values)
        try file.putAttribute("Conventions", .text("CF-1.8"))
        try file.putAttribute("featureType", .text("timeSeries"))
        for (k, value) in provenance { try file.putAttribute(k, .text(value)) }
        try file.endDefine()
        try file.write(time, (0..<days).map(Double.init))
        if let layers, let layerNames { try file.writeStrings(layerNames, layers) }
    }

    /// Writes the ids of paddies `start ..< start + ids.count`.
    func writeIDs(start: Int, ids list: [String]) throws {
        try file.writeStrings(ids, list, start: [start], count: [list.count])
    }

    /// Writes rows for paddies `start ..< start + rows.count` (layer `layer` when layered): each
    /// row a list of (first day number, daily values).
    func write(start: Int, layer: Int = 0, rows: [[(firstDay: Int, values: [Float])]]) throws {
        let days = span.count
        var block = [Float](repeating: Self.fill, count: rows.count * days)
        for (k, pieces) in rows.enumerated() {
            for piece in pieces {
                for (i, v) in piece.values.enumerated() where !v.isNaN {
                    let d = piece.firstDay + i - span.lowerBound
                    if d >= 0 && d < days { block[k * days + d] = v }
                }
            }
        }
        try file.write(values, block, start: (layered ? [layer] : []) + [start, 0], count: (layered ? [1] : []) + [rows.count, days])
    }

    func commit() throws { try output.commit() }

    func discard() { output.discard() }
}
