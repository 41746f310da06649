import Foundation
import NetCDF
public import PaddyMethane

/// Writes a field book as a CF-1.8 timeSeries NetCDF-4 file (contiguous ragged array, CF 1.8
/// section 9.3.3) for archiving: the plots with their observations in file order, times as read
/// (`seconds since 1970-01-01 00:00:00`, local time, standard calendar), levels in cm, areas in
/// ha, season dates, organic amendments, grain yield, sand fraction, position, region, water
/// supply and the free attributes (string variables on the station dimension, each with a
/// `paddy_attribute` attribute giving its name as written, which the NetCDF reader reads back
/// into `Paddy.attributes`). Read back, it gives the same paddy-season rows as the field book. Plots the field book rejects are not written; their
/// rejections are returned. Temperatures are not archived (the ragged layouts do not read them).
public enum FieldBookArchive {
    /// Writes `book` to `path` (replaced only when complete) and returns the rejected plots.
    public static func write(_ book: FieldBookSource, to path: String, provenance: [(String, String)] = []) throws -> [Rejection] {
        var kept: [(plot: FieldBookPlot, paddy: ObservedPaddy)] = [], rejected: [Rejection] = []
        for p in book.plots {
            switch p.record {
            case .observed(let o): kept.append((p, o))
            case .rejected(let r): rejected.append(r)
            }
        }
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).partial-\(ProcessInfo.processInfo.processIdentifier)")
        guard TemporaryFiles.create(temporary.path) else { throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: temporary.path]) }
        do {
            try writeFile(kept, book: book, at: temporary.path, provenance: provenance)
            guard rename(temporary.path, url.path) == 0 else { throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path]) }
            TemporaryFiles.unregister(temporary.path)
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            TemporaryFiles.unregister(temporary.path)
            throw error
        }
        return rejected
    }

    private static func writeFile(_ kept: [(plot: FieldBookPlot, paddy: ObservedPaddy)], book: FieldBookSource, at path: String,
                                  provenance: [(String, String)]) throws {
        let paddies = kept.map(\.paddy)
        let file = try NetCDFFile.create(path, format: .netcdf4)
        let station = try file.defineDimension("station", length: paddies.count)
        let obs = try file.defineDimension("obs", length: paddies.reduce(0) { $0 + $1.level.times.count })
        func variable(_ name: String, _ type: NetCDFType, _ dims: [NetCDF.Dimension], fill: Double? = nil, _ attributes: [(String, String)]) throws -> NetCDF.Variable {
            let v = try file.defineVariable(name, type: type, dimensions: dims, fill: fill)
            for (k, value) in attributes { try file.putAttribute(k, .text(value), of: v) }
            return v
        }
        let ids = try variable("paddy_id", .string, [station], [("cf_role", "timeseries_id"), ("long_name", "plot identifier")])
        let rowSize = try variable("row_size", .int, [station], [("long_name", "number of observations of the plot"), ("sample_dimension", "obs")])
        let time = try variable("time", .double, [obs], [("standard_name", "time"), ("units", "seconds since 1970-01-01 00:00:00"),
                                                          ("calendar", "standard"), ("comment", "local time of the field book")])
        let level = try variable("water_level", .double, [obs], fill: .nan, [
            ("long_name", "water level relative to the soil surface (positive: ponded water)"), ("units", "cm"), ("coordinates", "time paddy_id")])
        let area = try variable("area", .double, [station], [("long_name", "plot area"), ("units", "ha")])
        let any = { (f: (ObservedPaddy) -> Bool) in paddies.contains(where: f) }
        let region = any { $0.region != nil } ? try variable("region", .string, [station], [("long_name", "region")]) : nil
        let supply = any { $0.waterSupply != nil } ? try variable("water_supply", .string, [station], [("long_name", "water supply")]) : nil
        let lat = any { $0.latitude != nil } ? try variable("lat", .double, [station], fill: .nan, [("standard_name", "latitude"), ("units", "degrees_north")]) : nil
        let lon = any { $0.longitude != nil } ? try variable("lon", .double, [station], fill: .nan, [("standard_name", "longitude"), ("units", "degrees_east")]) : nil
        let amended = any { $0.amendments != nil }
        let amendment = amended ? try variable("organic_amendment", .string, [station], [("long_name", "organic amendment type")]) : nil
        let rate = amended ? try variable("organic_amendment_rate", .double, [station], fill: .nan, [("long_name", "organic amendment rate"), ("units", "t ha-1")]) : nil
        let yield = any { $0.grainYieldTPerHa != nil } ? try variable("grain_yield", .double, [station], fill: .nan, [("long_name", "grain yield"), ("units", "t ha-1")]) : nil
        let sand = any { $0.sandFraction != nil } ? try variable("sand_fraction", .double, [station], fill: .nan, [("long_name", "soil sand fraction"), ("units", "1")]) : nil
        let seasonCount = paddies.map(\.seasons.count).max() ?? 0
        var seasonVariables: (NetCDF.Variable, NetCDF.Variable)? = nil
        if seasonCount > 0 {
            let season = try file.defineDimension("season", length: seasonCount)
            let attributes = [("units", "days since 1970-01-01"), ("calendar", "standard")]
            seasonVariables = (try variable("season_start", .double, [station, season], fill: .nan, [("long_name", "first day of the cultivation period")] + attributes),
                               try variable("season_end", .double, [station, season], fill: .nan, [("long_name", "last day of the cultivation period (inclusive)")] + attributes))
        }
        // In the plot sheet's column order, so that a run on the archive has the same columns.
        let attributeNames = book.attributeNames.filter { name in paddies.contains { $0.attributes[name] != nil } }
        var attributeVariables: [NetCDF.Variable] = []
        for (k, name) in attributeNames.enumerated() {
            attributeVariables.append(try variable("attribute_\(k + 1)", .string, [station], [("long_name", name), ("paddy_attribute", name)]))
        }
        try file.putAttribute("Conventions", .text("CF-1.8"))
        try file.putAttribute("featureType", .text("timeSeries"))
        try file.putAttribute("source", .text("field book \(book.path) with plot sheet \(book.plotsPath)"))
        for (k, value) in provenance { try file.putAttribute(k, .text(value)) }
        try file.endDefine()

        try file.writeStrings(ids, paddies.map(\.id))
        try file.write(rowSize, paddies.map { Int32($0.level.times.count) })
        try file.write(time, kept.flatMap(\.plot.seconds))
        try file.write(level, paddies.flatMap(\.level.values))
        try file.write(area, paddies.map(\.areaHa))
        if let region { try file.writeStrings(region, paddies.map { $0.region ?? "" }) }
        if let supply { try file.writeStrings(supply, paddies.map { $0.waterSupply?.rawValue ?? "" }) }
        if let lat { try file.write(lat, paddies.map { $0.latitude ?? .nan }) }
        if let lon { try file.write(lon, paddies.map { $0.longitude ?? .nan }) }
        if let amendment, let rate {
            try file.writeStrings(amendment, paddies.map { $0.amendments?.first?.type.rawValue ?? "none" })
            try file.write(rate, paddies.map { $0.amendments?.first?.rateTPerHa ?? .nan })
        }
        if let yield { try file.write(yield, paddies.map { $0.grainYieldTPerHa ?? .nan }) }
        if let sand { try file.write(sand, paddies.map { $0.sandFraction ?? .nan }) }
        if let (start, end) = seasonVariables {
            func days(_ day: (SeasonWindow) -> Int) -> [Double] {
                paddies.flatMap { p in (0..<seasonCount).map { j in j < p.seasons.count ? Double(day(p.seasons[j]) - FieldBookCell.epochDay) : .nan } }
            }
            try file.write(start, days(\.firstDay))
            try file.write(end, days(\.lastDay))
        }
        for (name, v) in zip(attributeNames, attributeVariables) { try file.writeStrings(v, paddies.map { $0.attributes[name] ?? "" }) }
        try file.closeChecked()
    }
}
