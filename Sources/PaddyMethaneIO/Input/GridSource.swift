public import PaddyMethane
import NetCDF
import Foundation

extension SeriesLayout {
    /// `water_level(time, y, x)` or `flooded(time, y, x)`: one paddy per rice cell of a grid.
    public static let grid = SeriesLayout(name: "grid", description: "grid (time, y, x), one paddy per rice cell")
}

/// The rice cells of a grid in row-major order: cell k of the source is in row `row(of: k)` and
/// column `column[k]`. Memory: 4 bytes per rice cell and 8 per row.
struct RiceCells: Sendable {
    let rows: Int
    let columns: Int
    /// Rice cells in the rows before row y; `rowStart[rows]` is their count.
    let rowStart: [Int]
    let column: [Int32]

    var count: Int { column.count }

    /// The row of rice cell `k` (binary search over `rowStart`).
    func row(of k: Int) -> Int {
        var lo = 0, hi = rows - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if rowStart[mid] <= k { lo = mid } else { hi = mid - 1 }
        }
        return lo
    }

    /// Builds the cells from `isRice` over blocks of `rowsPerRead` rows (row-major flags of those rows).
    static func build(rows: Int, columns: Int, rowsPerRead: Int, isRice: (Range<Int>) throws(InputError) -> [Bool]) throws(InputError) -> RiceCells {
        var rowStart = [Int](repeating: 0, count: rows + 1)
        var column: [Int32] = []
        var y = 0
        while y < rows {
            let block = y..<min(rows, y + rowsPerRead)
            let flags = try isRice(block)
            for r in block {
                rowStart[r] = column.count
                for x in 0..<columns where flags[(r - block.lowerBound) * columns + x] { column.append(Int32(x)) }
            }
            y = block.upperBound
        }
        rowStart[rows] = column.count
        return RiceCells(rows: rows, columns: columns, rowStart: rowStart, column: column)
    }
}

/// An integer region raster (y, x): each code's region name from `flag_values`/`flag_meanings`
/// (CF 1.8 section 3.5) or from a code table; fill or missing values mean no region.
struct RegionRaster: Sendable {
    let variable: Variable
    let decoder: PackedDecoder
    let names: [Int: String]
    /// Where the names come from, for messages.
    let origin: String

    init?(_ input: InputFile, name: String, axes: GridAxes, codeTable: [Int: String]?, survey: inout SourceSurvey) throws(InputError) {
        guard let v = input.variable(name) else { return nil }
        guard v.dimensionNames == [axes.yDimension.name, axes.xDimension.name] else {
            throw input.fail(name, "a region raster must have the grid's dimensions (\(axes.yDimension.name), \(axes.xDimension.name)), has (\(v.dimensionNames.joined(separator: ", ")))")
        }
        guard v.type.isInteger else { throw input.fail(name, "a region raster must hold integer codes, not \(v.type)") }
        if let codeTable {
            (names, origin) = (codeTable, "the region code table")
        } else {
            guard let values = input.attribute(v, "flag_values")?.numbers, let meanings = input.text(v, "flag_meanings") else {
                throw input.fail(name, "an integer region raster needs flag_values and flag_meanings (CF 1.8 section 3.5), or a code table (--region-codes)")
            }
            let words = meanings.split(separator: " ").map(String.init)
            guard words.count == values.count else {
                throw input.fail(name, "flag_values has \(values.count) codes but flag_meanings \(words.count) names")
            }
            names = Dictionary(zip(values.map { Int($0) }, words), uniquingKeysWith: { a, _ in a })
            origin = "flag_values"
        }
        variable = v
        decoder = try PackedDecoder(file: input.file, variable: v)
        survey.found.append((name, "region raster (\(names.count) codes from \(origin))"))
    }

    /// The region of a stored code: nil for no region, a problem for a code without a name.
    func region(_ raw: Double) -> Result<String?, PaddyProblem> {
        let code = decoder.decode(raw)
        guard code.isFinite else { return .success(nil) }
        if let n = names[Int(code)] { return .success(n) }
        let known = names.keys.sorted().map(String.init).joined(separator: ", ")
        return .failure("region code \(Int(code)) of '\(variable.name)' is not in \(origin) (\(known)): add it with its name to flag_values and flag_meanings, or to the code table")
    }
}

/// A gridded satellite product as a `PaddySource`: `water_level(time, y, x)` [m, cm or mm] or
/// `flooded(time, y, x)` (0/1 flood status or a flooded fraction, `FloodStatusReading`), with a
/// rice mask (`InputNames.mask`: non-zero, non-missing cells are rice; without one, the cells whose
/// series are all missing are not rice). Each rice cell is a paddy with the id `yRRRR_xCCCC` (its
/// 0-based row and column as stored, zero-padded to at least 4 digits), its area (`GridAxes`)
/// and its region (`RegionRaster`). Blocks of rice cells are read as hyperslabs of whole grid
/// rows × all times, at most `maxSlabValues` values at once: memory is flat in the grid's size
/// apart from 4 bytes per rice cell.
public struct GridSource: PaddySource, @unchecked Sendable {
    public let path: String
    public let paddyCount: Int
    public let calendar: CFCalendar
    public let geometry: SourceGeometry
    public let survey: SourceSurvey
    public let resampler: DailyResampler
    /// What the run should say on standard error (no rice mask where every cell has data, a
    /// projection that is not equal-area).
    public let warnings: [String]

    let input: InputFile
    let data: Variable
    let decoder: PackedDecoder
    let flood: FloodStatusReading?
    let axis: SharedTimeAxis
    let axes: GridAxes
    let cells: RiceCells
    let regions: RegionRaster?
    private let idWidth: (row: Int, column: Int)

    /// The most values read in one hyperslab (rows × columns × times).
    static let maxSlabValues = 4 << 20

    /// Whether `path` holds a grid: no timeSeries identifier, and a water level or flood variable with three dimensions.
    public static func isGrid(path: String, names: InputNames = InputNames()) -> Bool {
        guard let input = try? InputFile(path: path) else { return false }
        if input.variables.contains(where: { input.text($0, "cf_role")?.lowercased() == "timeseries_id" }) { return false }
        let data = input.variable(names.waterLevel) ?? input.variable(names.flooded)
        return data?.dimensions.count == 3
    }

    /// Opens the grid and reads what applies to the whole file: the time axis, the coordinates and
    /// cell areas, the rice mask (or, without one, which cells have data), the region raster.
    /// - Parameter floodStatus: how a `flooded` variable is read (when the file has no water level).
    /// - Parameter regionCodes: region names by code, instead of the raster's flag_meanings.
    public init(path: String, names: InputNames = InputNames(), resampler: DailyResampler, floodStatus: FloodStatusSettings,
                cellSettings: GridCellSettings, regionCodes: [Int: String]? = nil) throws(InputError) {
        self.path = path
        let input = try InputFile(path: path)
        var defaults: [String] = [], notes: [String] = [], warnings: [String] = []
        let flooded = input.variable(names.waterLevel) == nil ? input.variable(names.flooded) : nil
        guard let data = flooded ?? input.variable(names.waterLevel) else {
            throw input.fail(names.waterLevel, "not found: a grid needs water_level(time, y, x) or \(names.flooded)(time, y, x)")
        }
        guard let tv = input.variable(names.time), tv.dimensions.count == 1 else {
            throw input.fail(names.time, "not found: a grid needs a time coordinate time(time)")
        }
        guard data.dimensions.count == 3, data.dimensions[0].name == tv.dimensions[0].name else {
            throw input.fail(data.name, "a grid variable must have the dimensions (time, y, x) with time first, has (\(data.dimensionNames.joined(separator: ", ")))")
        }
        let units = try cfTimeUnits(of: tv, input, defaults: &defaults)
        let timeDecoder = try CFTimeDecoder(file: input.file, variable: tv, units: units, fileCalendar: units.calendar)
        try input.checkNotTruncated()
        let levelUnits = input.text(data, "units") ?? ""
        let floodReading = flooded.map { FloodStatusReading(settings: floodStatus, variable: $0.name) }
        let levelDecoder: PackedDecoder
        if let flooded {
            levelDecoder = try FloodStatusReading.decoder(input, flooded)
        } else {
            guard data.type.isNumeric else { throw input.fail(data.name, "must be numeric, not \(data.type)") }
            guard let cm = CFUnits.centimetres(per: levelUnits) else { throw input.fail(data.name, "units \"\(levelUnits)\" are not a length unit (m, cm or mm)") }
            levelDecoder = try PackedDecoder(file: input.file, variable: data, unitFactor: cm)
        }
        (flood, decoder) = (floodReading, levelDecoder)
        self.resampler = flooded == nil ? resampler : floodStatus.resampler
        if let n = levelDecoder.note { notes.append(n) }
        var survey = SourceSurvey(format: input.format, layout: .grid,
                                  found: [(data.name, floodReading?.role(units: levelUnits) ?? "water level [\(levelUnits)] → cm"),
                                          (tv.name, "time [\(units.text), calendar \(units.calendar.rawValue)]")],
                                  defaults: defaults, notes: notes, timeUnits: units, levelVariableName: data.name, levelUnits: levelUnits)
        survey.floodStatus = floodReading != nil
        let axes = try GridAxes(input, data: data, settings: cellSettings, survey: &survey, warnings: &warnings)
        survey.areaUnits = "ha"   // every cell has an area (GridAxes), decoded or computed in ha
        let mask = try names.mask.map { m throws(InputError) in try Self.maskVariable(input, m, axes) }
        let regions = try RegionRaster(input, name: names.region, axes: axes, codeTable: regionCodes, survey: &survey)
        if regions == nil { survey.defaults.append("no region raster '\(names.region)': every cell is in region \"(none)\"") }
        for v in [data, tv, mask, regions?.variable, axes.area.variable].compactMap({ $0 }) { try input.checkFilters(of: v) }
        let axis = try SharedTimeAxis(input, time: tv, decoder: timeDecoder)
        let rowsPerRead = max(1, Self.maxSlabValues / max(1, axis.days.count * axes.columns))
        (self.input, self.data, self.axis, self.axes, self.regions) = (input, data, axis, axes, regions)
        input.setChunkCache(data, steps: axis.days.count)
        if let mask {
            let maskDecoder = try PackedDecoder(file: input.file, variable: mask)
            cells = try RiceCells.build(rows: axes.rows, columns: axes.columns, rowsPerRead: rowsPerRead * axis.days.count) { rows throws(InputError) in
                try input.read(mask, start: [rows.lowerBound, 0], count: [rows.count, axes.columns]).map { let v = maskDecoder.decode($0); return v.isFinite && v != 0 }
            }
            survey.found.append((mask.name, "rice mask (non-zero cells are rice): \(cells.count) of \(axes.rows * axes.columns) cells"))
        } else {
            let t = axis.days.count
            cells = try RiceCells.build(rows: axes.rows, columns: axes.columns, rowsPerRead: rowsPerRead) { rows throws(InputError) in
                let raw = try input.read(data, start: [0, rows.lowerBound, 0], count: [t, rows.count, axes.columns])
                let n = rows.count * axes.columns
                var hasData = [Bool](repeating: false, count: n)
                for i in 0..<t { for c in 0..<n where !hasData[c] && levelDecoder.decode(raw[i * n + c]).isFinite { hasData[c] = true } }
                return hasData
            }
            let all = axes.rows * axes.columns
            survey.defaults.append("no rice mask (--mask): cells whose series are all missing are not rice; \(cells.count) of \(all) cells have data")
            if cells.count == all && all > 1 {
                warnings.append("no rice mask was given (--mask VAR) and every cell of the grid has data: all \(all) cells are taken as rice paddies; give the rice mask if the grid covers other land")
            }
        }
        survey.notes += warnings
        survey.sharedTimes = axis.days
        self.survey = survey
        self.warnings = warnings
        calendar = units.calendar
        paddyCount = cells.count
        geometry = .grid(sharedTimeSpan: axis.span, rows: axes.rows, columns: axes.columns)
        idWidth = (max(4, String(max(0, axes.rows - 1)).count), max(4, String(max(0, axes.columns - 1)).count))
    }

    /// The mask variable, with the grid's dimensions.
    private static func maskVariable(_ input: InputFile, _ name: String, _ axes: GridAxes) throws(InputError) -> Variable {
        guard let v = input.variable(name) else { throw input.fail(name, "not found: --mask names the rice mask variable (\(axes.yDimension.name), \(axes.xDimension.name))") }
        guard v.type.isNumeric, v.shape == [axes.rows, axes.columns], v.dimensionNames == [axes.yDimension.name, axes.xDimension.name] else {
            throw input.fail(name, "the rice mask has shape (\(v.dimensionNames.joined(separator: ", "))) = \(v.shape) but the grid is (\(axes.yDimension.name), \(axes.xDimension.name)) = [\(axes.rows), \(axes.columns)]: give a mask on the grid's own dimensions")
        }
        return v
    }

    /// Row and column of rice cell `index`.
    public func cell(_ index: Int) -> (row: Int, column: Int) {
        (cells.row(of: index), Int(cells.column[index]))
    }

    /// The id of the cell at `row`, `column`: `y0123_x0456`.
    func id(row: Int, column: Int) -> String {
        func padded(_ v: Int, _ w: Int) -> String { let s = String(v); return String(repeating: "0", count: max(0, w - s.count)) + s }
        return "y\(padded(row, idWidth.row))_x\(padded(column, idWidth.column))"
    }

    public func paddyID(at index: Int) throws(InputError) -> String {
        let (r, c) = cell(index)
        return id(row: r, column: c)
    }

    public func readBlock(_ range: Range<Int>) throws(InputError) -> SourceBlock {
        let range = range.clamped(to: 0..<paddyCount)
        guard !range.isEmpty else { return SourceBlock(records: [], levelMasking: MaskCounts()) }
        var records: [SourceRecord] = []
        records.reserveCapacity(range.count)
        var masking = MaskCounts()
        let t = axis.days.count, nx = axes.columns
        let rowsPerRead = max(1, Self.maxSlabValues / max(1, t * nx))
        var row = cells.row(of: range.lowerBound)
        let lastRow = cells.row(of: range.upperBound - 1)
        while row <= lastRow {
            let rows = row..<min(lastRow + 1, row + rowsPerRead)
            let n = rows.count * nx
            let raw = try input.read(data, start: [0, rows.lowerBound, 0], count: [t, rows.count, nx])
            let areas = try areasHa(rows)
            let codes = try regions.map { r throws(InputError) in try input.read(r.variable, start: [rows.lowerBound, 0], count: [rows.count, nx]) }
            let first = max(range.lowerBound, cells.rowStart[rows.lowerBound]), end = min(range.upperBound, cells.rowStart[rows.upperBound])
            for k in first..<end {
                let (r, c) = cell(k)
                let offset = (r - rows.lowerBound) * nx + c
                var values = [Double](repeating: 0, count: t)
                for i in 0..<t { values[i] = decoder.decode(raw[i * n + offset], counting: &masking) }
                records.append(record(k, row: r, column: c, values: values, areaHa: areas(offset), regionCode: codes?[offset]))
            }
            row = rows.upperBound
        }
        return SourceBlock(records: records, levelMasking: masking)
    }

    /// Cell areas [ha] of `rows`, by offset in the rows' row-major block.
    private func areasHa(_ rows: Range<Int>) throws(InputError) -> (Int) -> Double {
        let nx = axes.columns
        switch axes.area {
        case .separable(let rowFactor, let columnFactor, _):
            return { offset in rowFactor[rows.lowerBound + offset / nx] * columnFactor[offset % nx] }
        case .measured(let v, let decoder):
            let raw = try input.read(v, start: [rows.lowerBound, 0], count: [rows.count, nx])
            return { offset in decoder.decode(raw[offset]) }
        }
    }

    /// Rice cell `k` as a paddy, or why it cannot be used.
    private func record(_ k: Int, row: Int, column: Int, values: [Double], areaHa: Double, regionCode: Double?) -> SourceRecord {
        let id = id(row: row, column: column)
        func reject(_ reason: String) -> SourceRecord { .rejected(Rejection(paddyIndex: k, paddyID: id, reason: reason)) }
        var region: String? = nil
        if let regionCode, let raster = regions {
            switch raster.region(regionCode) {
            case .failure(let p): return reject(p.reason)
            case .success(let name): region = name
            }
        }
        var observations = Observations(times: axis.days, values: values, span: axis.span, sharedDays: axis.sharedDays)
        if let flood {
            switch flood.levels(observations, calendar: calendar) {
            case .failure(let p): return reject(p.reason)
            case .success(let o): observations = o
            }
        }
        let geographic = axes.kind == .geographic
        return .observed(ObservedPaddy(
            index: k, id: id, region: region, waterSupply: nil, areaHa: areaHa,
            latitude: geographic ? axes.yCentres[row] : nil, longitude: geographic ? axes.xCentres[column] : nil,
            seasons: [], amendments: nil, grainYieldTPerHa: nil, sandFraction: nil, level: observations, temperature: nil))
    }
}
