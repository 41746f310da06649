import Foundation
import NetCDF
import PaddyMethane

/// Writes a grid run's seasonal results on the input grid (`--grid-netcdf`), CF-1.8, NetCDF-4:
/// `ch4_kg_per_ha(season, y, x)`, `ch4_kg(season, y, x)`, `water_regime(season, y, x)`
/// (flag-coded, CF 1.8 section 3.5), `season_start`/`season_end(season, y, x)` [days since the
/// first day of the time axis], with the input's y/x (or lat/lon) coordinates, their bounds and
/// its grid_mapping copied. Season k of a cell is its k-th season with a result, in time order;
/// `season` is unlimited and grows with the most seasons a cell has. Cells without a result
/// (not rice, rejected) hold the fill value. Written under a temporary name, renamed when complete.
final class GridNetCDFWriter {
    private let output: NetCDFOutput
    private let file: NetCDFFile
    private let grid: GridSource
    private let perHa, perCell, regime, start, end, seasonOrdinal: NetCDF.Variable
    private let firstDay: Int
    private var seasonsWritten = 0
    static let fill: Float = -9999
    static let regimeFill: Int8 = -1
    static let dayFill: Int32 = -2_147_483_647
    /// The water regimes in flag order (flag value = position).
    static let regimes = WaterRegime.allCases

    init(url: URL, grid: GridSource, provenance: [(String, String)]) throws {
        self.grid = grid
        guard case .grid(let span, _, _) = grid.geometry else { throw InputError(path: grid.path, "--grid-netcdf needs a grid input") }
        self.firstDay = span.lowerBound
        output = try NetCDFOutput(url: url)
        let file = output.file
        self.file = file
        let firstDay = span.lowerBound
        let source = grid.input.file, axes = grid.axes
        let season = try file.defineDimension("season", length: nil)
        let y = try file.defineDimension(axes.yDimension.name, length: axes.rows)
        let x = try file.defineDimension(axes.xDimension.name, length: axes.columns)
        var copies: [(NetCDF.Variable, [Double])] = []
        /// Copies a variable's values and attributes (coordinates, bounds, the grid mapping).
        func copy(_ v: NetCDF.Variable, dims: [NetCDF.Dimension]) throws {
            let out = try file.defineVariable(v.name, type: v.type.isNumeric ? v.type : .int, dimensions: dims)
            for (k, value) in try source.attributes(of: v) where k != "_FillValue" { try file.putAttribute(k, value, of: out) }
            if !dims.isEmpty { copies.append((out, try source.read(v, as: Double.self))) }
        }
        for (c, d) in [(axes.yCoordinate, y), (axes.xCoordinate, x)] {
            guard let c else { continue }
            try copy(c, dims: [d])
            if let b = (try? source.attribute("bounds", of: c)).flatMap({ $0 })?.text, let bv = try source.variable(named: b), bv.dimensions.count == 2 {
                let nv = try file.dimension(named: bv.dimensions[1].name) ?? file.defineDimension(bv.dimensions[1].name, length: 2)
                try copy(bv, dims: [d, nv])
            }
        }
        if let gm = axes.gridMapping { try copy(gm, dims: []) }
        seasonOrdinal = try file.defineVariable("season", type: .int, dimensions: [season])
        try file.putAttribute("long_name", .text("season of the cell: 1 is its first season with a result in the time series, 2 the next"), of: seasonOrdinal)
        let chunk = [1, min(axes.rows, 16), axes.columns]
        func cellVariable(_ name: String, _ type: NetCDFType, fill: Double, _ attributes: [(String, AttributeValue)]) throws -> NetCDF.Variable {
            let v = try file.defineVariable(name, type: type, dimensions: [season, y, x], chunkSizes: chunk, deflateLevel: 1, fill: fill)
            for (k, value) in attributes { try file.putAttribute(k, value, of: v) }
            if let gm = axes.gridMapping { try file.putAttribute("grid_mapping", .text(gm.name), of: v) }
            return v
        }
        perHa = try cellVariable("ch4_kg_per_ha", .float, fill: Double(Self.fill), [
            ("long_name", .text("CH4 emitted by the cell's rice over the season, per hectare of rice (IPCC 2019 Eq. 5.1: EF x t)")), ("units", .text("kg ha-1"))])
        perCell = try cellVariable("ch4_kg", .float, fill: Double(Self.fill), [
            ("long_name", .text("CH4 emitted by the cell's rice over the season (IPCC 2019 Eq. 5.1: EF x t x A)")), ("units", .text("kg"))])
        regime = try cellVariable("water_regime", .byte, fill: Double(Self.regimeFill), [
            ("long_name", .text("water regime of the season (IPCC 2019 Table 5.12) read from the series")),
            ("flag_values", .numbers(Self.regimes.indices.map(Double.init), .byte)),
            ("flag_meanings", .text(Self.regimes.map(\.rawValue).joined(separator: " ")))])
        let dayUnits = AttributeValue.text("days since \(grid.calendar.date(ofDay: firstDay))")
        start = try cellVariable("season_start", .int, fill: Double(Self.dayFill), [
            ("long_name", .text("first day of the cultivation period")), ("units", dayUnits), ("calendar", .text(grid.calendar.rawValue))])
        end = try cellVariable("season_end", .int, fill: Double(Self.dayFill), [
            ("long_name", .text("last day of the cultivation period (inclusive)")), ("units", dayUnits), ("calendar", .text(grid.calendar.rawValue))])
        try file.putAttribute("Conventions", .text("CF-1.8"))
        try file.putAttribute("title", .text("Seasonal CH4 from rice cells of \(URL(fileURLWithPath: grid.path).lastPathComponent)"))
        try file.putAttribute("source", .text("PaddyMethane \(PaddyMethaneVersion.string)"))
        for (k, value) in provenance { try file.putAttribute(k, .text(value)) }
        try file.endDefine()
        for (v, values) in copies { try file.write(v, values) }
    }

    /// Writes the results of rice cells `start ..< start + results.count` (one list of seasons per cell).
    func write(start first: Int, results: [[PaddySeasonResult]]) throws {
        guard !results.isEmpty else { return }
        var k = 0
        while k < results.count {
            // The block's cells in one grid row: a contiguous run of columns.
            let row = grid.cell(first + k).row
            var j = k
            while j + 1 < results.count && grid.cell(first + j + 1).row == row { j += 1 }
            try writeRow(row, cells: (first + k)...(first + j), results: results[k...j])
            k = j + 1
        }
    }

    private func writeRow(_ row: Int, cells: ClosedRange<Int>, results: ArraySlice<[PaddySeasonResult]>) throws {
        let c0 = grid.cell(cells.lowerBound).column, c1 = grid.cell(cells.upperBound).column
        let width = c1 - c0 + 1
        let seasons = results.map(\.count).max() ?? 0
        for s in 0..<seasons {
            var perHa = [Float](repeating: Self.fill, count: width), perCell = perHa
            var regime = [Int8](repeating: Self.regimeFill, count: width)
            var start = [Int32](repeating: Self.dayFill, count: width), end = start
            for (i, list) in zip(cells, results) where s < list.count {
                let r = list[s], c = grid.cell(i).column - c0
                perCell[c] = Float(r.ch4Kg)
                perHa[c] = Float(r.ch4Kg / r.areaHa)
                regime[c] = Int8(Self.regimes.firstIndex(of: r.assessment.regime)!)
                start[c] = Int32(r.assessment.window.firstDay - firstDay)
                end[c] = Int32(r.assessment.window.lastDay - firstDay)
            }
            let at = [s, row, c0], count = [1, 1, width]
            try file.write(self.perHa, perHa, start: at, count: count)
            try file.write(self.perCell, perCell, start: at, count: count)
            try file.write(self.regime, regime, start: at, count: count)
            try file.write(self.start, start, start: at, count: count)
            try file.write(self.end, end, start: at, count: count)
        }
        while seasonsWritten < seasons {
            try file.write(seasonOrdinal, [Int32(seasonsWritten + 1)], start: [seasonsWritten], count: [1])
            seasonsWritten += 1
        }
    }

    func commit() throws { try output.commit() }

    func discard() { output.discard() }
}
