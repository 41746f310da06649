public import PaddyMethane
import NetCDF
import Foundation

/// Names of the variables the reader looks for (the input contract's defaults).
public struct InputNames: Sendable {
    public var waterLevel = "water_level"
    public var time = "time"
    public var area = "area"
    public var region = "region"
    public var waterSupply = "water_supply"
    public var latitude = "lat"
    public var longitude = "lon"
    public var seasonStart = "season_start"
    public var seasonEnd = "season_end"
    public var amendmentType = "organic_amendment"
    public var amendmentRate = "organic_amendment_rate"
    public var grainYield = "grain_yield"
    /// Daily temperature series for the process model (soil preferred), same layout as water_level.
    public var soilTemperature = "soil_temperature"
    public var airTemperature = "air_temperature"
    public var sandFraction = "sand_fraction"

    public init() {}
}

/// The discrete-sampling-geometry layout of a CF timeSeries file (CF 1.8 chapter 9).
public enum SeriesLayout: Sendable, Equatable, CustomStringConvertible {
    /// `water_level(paddy, time)` (or `(time, paddy)` when `timeFirst`) with a shared `time(time)`.
    case orthogonal(timeFirst: Bool)
    /// `time(paddy, obs)` and `water_level(paddy, obs)`, each paddy its own times.
    case incomplete
    /// Contiguous ragged array: `row_size(paddy)` counts each paddy's observations along `obs`.
    case contiguousRagged
    /// One paddy: scalar identifier, `water_level(time)`.
    case single

    public var description: String {
        switch self {
        case .orthogonal(let timeFirst): "orthogonal multidimensional, water_level(\(timeFirst ? "time, paddy" : "paddy, time"))"
        case .incomplete: "incomplete multidimensional, time(paddy, obs)"
        case .contiguousRagged: "contiguous ragged array (row_size / sample_dimension)"
        case .single: "single time series"
        }
    }
}

/// A paddy read from the file, or the reason it could not be.
public enum PaddyRecord: Sendable {
    case paddy(Paddy)
    case rejected(Rejection)
}

/// Streams paddies from a CF-1.8 timeSeries NetCDF file in blocks, with memory bounded by the
/// block size. All netCDF calls go through the `NetCDF` wrapper and its process-wide lock.
public final class PaddyFileReader: @unchecked Sendable {
    public let path: String
    public let layout: SeriesLayout
    public let paddyCount: Int
    public let calendar: CFCalendar
    public let timeUnits: CFTimeUnits
    public let levelUnits: String
    public let areaUnits: String?
    public let format: String
    /// Variables found, with their role (for `describe`).
    public private(set) var found: [(variable: String, role: String)] = []
    /// What the run will assume because the file does not say it.
    public private(set) var defaults: [String] = []
    /// How the file was decoded where a reader might have expected otherwise (for `describe`).
    public private(set) var notes: [String] = []

    private let file: NetCDFFile
    private let resampler: DailyResampler
    private let threads: Int
    private let ids: Variable
    private let level: Variable
    private let levelDecoder: PackedDecoder
    private let time: Variable
    private let timeDecoder: CFTimeDecoder
    private let area: Variable?
    private let areaDecoder: PackedDecoder?
    private let region: Variable?
    private let supply: Variable?
    private let lat: Variable?
    private let lon: Variable?
    private let seasonStart: Variable?
    private let seasonEnd: Variable?
    private let seasonDecoders: (start: CFTimeDecoder, end: CFTimeDecoder)?
    private let amendmentType: Variable?
    private let amendmentRate: Variable?
    private let grainYield: (Variable, PackedDecoder)?
    private let temperature: (Variable, PackedDecoder, DailyTemperature.Kind)?
    private let sandFraction: (Variable, PackedDecoder)?
    /// Orthogonal layouts: the shared time axis as fractional day numbers, and its whole-day span.
    private let sharedTimes: [Double]?
    private let span: ClosedRange<Int>?
    /// Contiguous ragged layout: the running sum of `row_size` (first observation of each paddy).
    private let rowStart: [Int]?
    private let observations: Variable?

    /// Opens `path` and checks everything that applies to the whole file.
    /// - Parameter requireArea: false lets `describe` report a missing `area` instead of failing.
    /// - Parameter threads: threads that decode and resample a block (the netCDF reads stay serial).
    public init(path: String, names: InputNames = InputNames(), resampler: DailyResampler,
                requireArea: Bool = true, threads: Int? = nil) throws(InputError) {
        self.path = path
        self.resampler = resampler
        self.threads = threads ?? ProcessInfo.processInfo.activeProcessorCount
        func fail(_ v: String?, _ m: String) -> InputError { InputError(path: path, variable: v, m) }
        let file: NetCDFFile
        var found: [(variable: String, role: String)] = []
        var defaults: [String] = []
        var notes: [String] = []
        do {
            file = try NetCDFFile.open(path)
            format = try file.format.description
        } catch {
            throw fail(nil, "cannot be read as NetCDF (\(error.message))")
        }
        let variables: [Variable]
        do { variables = try file.variables() } catch { throw fail(nil, error.message) }
        func attr(_ v: Variable, _ name: String) -> AttributeValue? { try? file.attribute(name, of: v) }
        func text(_ v: Variable, _ name: String) -> String? { attr(v, name)?.text }
        func variable(_ name: String) -> Variable? { variables.first { $0.name == name } }

        // Identifier: the variable with cf_role = timeseries_id.
        guard let idVar = variables.first(where: { text($0, "cf_role")?.lowercased() == "timeseries_id" }) else {
            throw fail(nil, "no variable has cf_role = \"timeseries_id\": the paddy identifiers cannot be found")
        }
        guard idVar.type == .string || idVar.type == .char || idVar.type.isInteger else {
            throw fail(idVar.name, "paddy identifiers must be strings, characters or integers, not \(idVar.type)")
        }
        ids = idVar
        let idRank = idVar.type == .char ? idVar.dimensions.count - 1 : idVar.dimensions.count
        let paddyDim = idRank >= 1 ? idVar.dimensions[0] : nil
        found.append((idVar.name, "paddy identifier (cf_role = timeseries_id)"))

        guard let lv = variable(names.waterLevel) else { throw fail(names.waterLevel, "not found: the water level series is required") }
        guard lv.type.isNumeric else { throw fail(lv.name, "must be numeric, not \(lv.type)") }
        level = lv
        guard let lu = text(lv, "units") else { throw fail(lv.name, "has no units attribute (expected a length: m, cm or mm)") }
        guard let cm = CFUnits.centimetres(per: lu) else { throw fail(lv.name, "units \"\(lu)\" are not a length unit (m, cm or mm)") }
        levelUnits = lu
        levelDecoder = try PackedDecoder(file: file, variable: lv, unitFactor: cm)
        if let n = levelDecoder.note { notes.append(n) }
        found.append((lv.name, "water level [\(lu)] → cm"))

        guard let tv = variable(names.time) else { throw fail(names.time, "not found: the time coordinate is required") }
        time = tv
        /// A time variable's own units and calendar (CF 1.8 section 4.4: units are required, the calendar defaults to standard).
        func cfTimeUnits(of v: Variable) throws(InputError) -> CFTimeUnits {
            guard let u = text(v, "units") else {
                throw fail(v.name, "has no units attribute: CF time values need \"<unit> since <date>\" (CF 1.8 section 4.4), e.g. \"days since 2024-01-01\"")
            }
            let calName = text(v, "calendar")
            guard let cal = CFCalendar(cfName: calName ?? "standard") else { throw fail(v.name, "unknown calendar \"\(calName ?? "")\"") }
            if calName == nil { defaults.append("\(v.name) has no calendar attribute: the CF default \"standard\" applies") }
            do { return try CFTimeUnits(parsing: u, calendar: cal) } catch {
                throw fail(v.name, "units \"\(u)\" are not CF time units: \(error) (expected e.g. \"days since 2024-01-01\" or \"hours since 2024-06-01 00:00 +07:00\")")
            }
        }
        let units = try cfTimeUnits(of: tv)
        let tu = units.text
        calendar = units.calendar
        timeUnits = units
        timeDecoder = try CFTimeDecoder(file: file, variable: tv, units: units, fileCalendar: units.calendar)
        found.append((tv.name, "time [\(tu), calendar \(units.calendar.rawValue)]"))
        if units.utcOffsetSeconds != 0 {
            notes.append("\(tv.name): the reference time is \(Self.offsetText(units.utcOffsetSeconds)) from UTC; samples get their dates in that time zone")
        }

        // Uncompressed formats store every declared value: a header declaring more than the file
        // holds is truncated or corrupt (and would make the run read phantom paddies).
        if !file.isNetCDF4, let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size]) as? Int {
            for v in variables where v.type.isNumeric || v.type == .char {
                let declared = v.shape.reduce(1) { $0.multipliedReportingOverflow(by: $1).overflow ? .max : $0 * $1 }
                let bytes = declared.multipliedReportingOverflow(by: v.type.byteWidth)
                if bytes.overflow || bytes.partialValue > size {
                    throw fail(v.name, "declares \(declared) values but the file has only \(size) bytes: it is truncated or corrupt")
                }
            }
        }

        // Layout, from CF attributes and dimensions (never from variable names).
        let rowSizeVar = variables.first { text($0, "sample_dimension") != nil }
        if let indexed = variables.first(where: { text($0, "instance_dimension") != nil }) {
            throw fail(indexed.name, "indexed ragged arrays (instance_dimension) are not supported; rewrite as contiguous ragged or orthogonal")
        }
        var layout: SeriesLayout
        if let rs = rowSizeVar {
            guard let pd = paddyDim, rs.dimensions.map(\.name) == [pd.name] else { throw fail(rs.name, "row_size must have the paddy dimension") }
            let sampleDim = text(rs, "sample_dimension")!
            guard lv.dimensionNames == [sampleDim], tv.dimensionNames == [sampleDim] else {
                throw fail(lv.name, "in a contiguous ragged file water_level and time must both be (\(sampleDim))")
            }
            layout = .contiguousRagged
        } else if paddyDim == nil {
            guard lv.dimensions.count == 1, tv.dimensionNames == lv.dimensionNames else {
                throw fail(lv.name, "a single-series file needs water_level(time) with time(time)")
            }
            layout = .single
        } else if tv.dimensions.count == 2 {
            guard tv.dimensionNames == lv.dimensionNames, tv.dimensions[0].name == paddyDim!.name else {
                throw fail(tv.name, "time(\(tv.dimensionNames.joined(separator: ", "))) and water_level(\(lv.dimensionNames.joined(separator: ", "))) must match, paddy first")
            }
            layout = .incomplete
        } else {
            guard tv.dimensions.count == 1 else { throw fail(tv.name, "time must have one or two dimensions") }
            guard tv.dimensions[0].name != paddyDim!.name else {
                throw fail(tv.name, "time uses the paddy dimension '\(paddyDim!.name)'; time needs its own dimension (CF 1.8 section 2.4)")
            }
            let names = lv.dimensionNames
            if names == [paddyDim!.name, tv.dimensions[0].name] { layout = .orthogonal(timeFirst: false) }
            else if names == [tv.dimensions[0].name, paddyDim!.name] { layout = .orthogonal(timeFirst: true) }
            else {
                throw fail(lv.name, "dimensions (\(names.joined(separator: ", "))) do not match the paddy dimension '\(paddyDim!.name)' and time dimension '\(tv.dimensions[0].name)'")
            }
        }
        self.layout = layout
        paddyCount = paddyDim?.length ?? 1

        func perPaddy(_ name: String, role: String) throws(InputError) -> Variable? {
            guard let v = variable(name) else { return nil }
            let expected = paddyDim.map { [$0.name] } ?? []
            let dims = v.type == .char ? Array(v.dimensionNames.dropLast()) : v.dimensionNames
            guard dims == expected else { throw fail(name, "must have the paddy dimension only, has (\(v.dimensionNames.joined(separator: ", ")))") }
            found.append((name, role))
            return v
        }
        let area = try perPaddy(names.area, role: "area")
        if let a = area {
            guard let au = text(a, "units") else { throw fail(a.name, "has no units attribute (expected ha, m2 or km2)") }
            guard let ha = CFUnits.hectares(per: au) else { throw fail(a.name, "units \"\(au)\" are not an area unit (ha, m2 or km2)") }
            self.areaUnits = au
            self.areaDecoder = try PackedDecoder(file: file, variable: a, unitFactor: ha)
            found[found.count - 1].role = "area [\(au)] → ha"
        } else {
            self.areaUnits = nil
            self.areaDecoder = nil
            if requireArea { throw fail(names.area, "not found: each paddy's area is required (units ha, m2 or km2)") }
        }
        let region = try perPaddy(names.region, role: "region")
        if region == nil { defaults.append("no region variable: every paddy is in region \"(none)\"") }
        let supply = try perPaddy(names.waterSupply, role: "water supply")
        if supply == nil { defaults.append("no water_supply variable: irrigated assumed, upland where a field never floods") }
        let lat = try perPaddy(names.latitude, role: "latitude")
        let lon = try perPaddy(names.longitude, role: "longitude")
        let amendmentType = try perPaddy(names.amendmentType, role: "organic amendment type")
        let amendmentRate = try perPaddy(names.amendmentRate, role: "organic amendment rate [t ha-1]")
        func scaled(_ name: String, role: String, units convert: (String) -> Double?, expected: String) throws(InputError) -> (Variable, PackedDecoder)? {
            guard let v = try perPaddy(name, role: role) else { return nil }
            let u = text(v, "units") ?? ""
            guard let factor = convert(u) else { throw fail(name, "units \"\(u)\" are not \(expected)") }
            return (v, try PackedDecoder(file: file, variable: v, unitFactor: factor))
        }
        let grainYield = try scaled(names.grainYield, role: "grain yield → t ha-1", units: CFUnits.tonnesPerHectare, expected: "t ha-1, kg ha-1 or g m-2")
        let sandFraction = try scaled(names.sandFraction, role: "soil sand fraction", units: CFUnits.fraction, expected: "1 or %")
        var temperature: (Variable, PackedDecoder, DailyTemperature.Kind)? = nil
        for (name, kind) in [(names.soilTemperature, DailyTemperature.Kind.soil), (names.airTemperature, .air)] {
            guard temperature == nil, let v = variable(name) else { continue }
            guard v.dimensionNames == lv.dimensionNames, lv.dimensions.count <= 2, rowSizeVar == nil, tv.dimensions.count == 1 else {
                defaults.append("\(name) ignored: it must have water_level's dimensions in an orthogonal or single-series file")
                continue
            }
            let u = text(v, "units") ?? ""
            guard let (factor, offset) = CFUnits.celsius(from: u) else { throw fail(name, "units \"\(u)\" are not a temperature (degC or K)") }
            temperature = (v, try PackedDecoder(file: file, variable: v, unitFactor: factor, unitOffset: offset), kind)
            found.append((name, "\(kind == .soil ? "soil" : "air") temperature [\(u)] → °C (process model)"))
        }
        if temperature == nil { defaults.append("no soil_temperature or air_temperature: the process model uses the monthly climatology") }
        if amendmentType == nil { defaults.append("no organic amendment variables: the run's amendment defaults apply (none unless configured)") }

        // Season dates: (paddy) or (paddy, season), CF time values.
        func seasonVar(_ name: String) throws(InputError) -> Variable? {
            guard let v = variable(name) else { return nil }
            guard let pd = paddyDim, v.dimensions.first?.name == pd.name, (1...2).contains(v.dimensions.count), v.type.isNumeric else {
                throw fail(name, "must be numeric CF time values with dimensions (paddy) or (paddy, season)")
            }
            return v
        }
        let seasonStart = try seasonVar(names.seasonStart)
        let seasonEnd = try seasonVar(names.seasonEnd)
        if (seasonStart == nil) != (seasonEnd == nil) { throw fail(seasonStart == nil ? names.seasonStart : names.seasonEnd, "season_start and season_end must be given together") }
        if let s = seasonStart, let e = seasonEnd {
            guard s.shape == e.shape else { throw fail(s.name, "season_start and season_end have different shapes") }
            func decoder(_ v: Variable) throws(InputError) -> CFTimeDecoder {
                let own = try cfTimeUnits(of: v)
                if own.calendar != units.calendar {
                    notes.append("\(v.name) is in the \(own.calendar.rawValue) calendar, time in \(units.calendar.rawValue): dates are carried over by calendar date")
                }
                found.append((v.name, "season date [\(own.text), calendar \(own.calendar.rawValue)]"))
                return try CFTimeDecoder(file: file, variable: v, units: own.dated(inZoneOf: units), fileCalendar: units.calendar)
            }
            seasonDecoders = (try decoder(s), try decoder(e))
        } else {
            seasonDecoders = nil
            defaults.append("no season_start/season_end: seasons are detected from the water series")
        }

        // Every variable the run reads must be decodable: name a compression filter that is not.
        let readVariables = [idVar, lv, tv, rowSizeVar, area, region, supply, lat, lon, seasonStart, seasonEnd,
                             amendmentType, amendmentRate, grainYield?.0, sandFraction?.0, temperature?.0].compactMap { $0 }
        for v in readVariables { try Self.checkFilters(of: v, in: file, path: path) }

        // Time axis.
        switch layout {
        case .orthogonal, .single:
            guard tv.shape[0] <= Self.maxTimeSteps else {
                throw fail(tv.name, "the time dimension declares \(tv.shape[0]) steps; more than \(Self.maxTimeSteps) is not supported")
            }
            let raw: [Double]
            do { raw = try file.read(tv, as: Double.self) } catch { throw fail(tv.name, error.message) }
            var days = [Double]()
            days.reserveCapacity(raw.count)
            for (i, r) in raw.enumerated() {
                guard case .success(let day) = timeDecoder.day(r), let d = day else {
                    throw fail(tv.name, "time value at index \(i) is missing; a shared time axis must be complete")
                }
                guard Self.plausibleDay(d) else { throw fail(tv.name, "time value \(r) at index \(i) is not a date in years 1 to 9999: check the units \"\(tu)\"") }
                if let p = days.last, d <= p {
                    throw fail(tv.name, "times are not strictly increasing at index \(i) (\(r) after \(raw[i - 1])): \(d == p ? "duplicate" : "out of order")")
                }
                days.append(d)
            }
            guard let first = days.first, let last = days.last else { throw fail(tv.name, "the time axis is empty") }
            guard last - first <= Self.maxSpanDays else {
                throw fail(tv.name, "the time axis spans \(Int(last - first)) days, more than \(Self.maxSpanDays / 365) years: check the units \"\(tu)\"")
            }
            sharedTimes = days
            span = Int(first.rounded(.down))...Int(last.rounded(.down))
            rowStart = nil
            observations = nil
        case .incomplete:
            sharedTimes = nil
            span = nil
            rowStart = nil
            observations = nil
        case .contiguousRagged:
            let rs = rowSizeVar!
            let sizes: [Int64]
            do { sizes = try file.read(rs, as: Int64.self) } catch { throw fail(rs.name, error.message) }
            var starts = [Int](repeating: 0, count: sizes.count + 1)
            for (i, n) in sizes.enumerated() {
                guard n >= 0 else { throw fail(rs.name, "negative row size \(n) at paddy index \(i)") }
                starts[i + 1] = starts[i] + Int(n)
            }
            guard starts.last! == lv.shape[0] else {
                throw fail(rs.name, "row sizes add up to \(starts.last!) but the sample dimension has \(lv.shape[0]) observations")
            }
            rowStart = starts
            observations = lv
            sharedTimes = nil
            span = nil
            found.append((rs.name, "row size (contiguous ragged array)"))
        }
        self.file = file
        self.found = found
        self.defaults = defaults
        self.notes = notes
        (self.area, self.region, self.supply, self.lat, self.lon) = (area, region, supply, lat, lon)
        (self.amendmentType, self.amendmentRate, self.seasonStart, self.seasonEnd) = (amendmentType, amendmentRate, seasonStart, seasonEnd)
        (self.grainYield, self.sandFraction, self.temperature) = (grainYield, sandFraction, temperature)
        if case .orthogonal(let timeFirst) = layout, file.isNetCDF4 {
            // Files chunked by others: a cache large enough for one block of paddies × all times.
            let bytes = min(256 << 20, max(16 << 20, (timeFirst ? lv.shape[0] : lv.shape[1]) * 1024 * 8))
            try? file.setChunkCache(lv, bytes: bytes)
        }
    }

    /// Refuses a variable compressed with a filter this netCDF-C library cannot decode, naming the
    /// filter and the ways to make the file readable.
    static func checkFilters(of v: Variable, in file: NetCDFFile, path: String) throws(InputError) {
        let filters: [VariableFilter]
        do { filters = try file.filters(of: v) } catch { throw InputError(path: path, variable: v.name, error.message) }
        guard let f = filters.first(where: { !$0.isAvailable }) else { return }
        let name = f.name.map { "the \($0) filter (HDF5 filter id \(f.id))" } ?? "HDF5 filter id \(f.id)"
        throw InputError(path: path, variable: v.name, """
            is compressed with \(name), which this netCDF-C library cannot decode: install the HDF5 plugin \
            for it and set HDF5_PLUGIN_PATH to the plugin folder (Python netCDF4 wheels carry the common ones in \
            netCDF4/plugins), or rewrite the file without it on a machine that has the plugin: nccopy -F none IN OUT
            """)
    }

    /// `+07:00`, `-03:00`: an offset from UTC for messages.
    static func offsetText(_ seconds: Double) -> String {
        let m = Int(abs(seconds) / 60)
        return (seconds < 0 ? "-" : "+") + String(format: "%02d:%02d", m / 60, m % 60)
    }

    /// Day numbers of 0001-01-01 to 9999-12-31 (about); anything else is a units error.
    static func plausibleDay(_ d: Double) -> Bool { d.isFinite && d >= 0 && d < 3_652_500 }
    /// The most time steps read into memory at once (a corrupt header can declare billions).
    static let maxTimeSteps = 10_000_000
    /// The longest time axis accepted [days]: 100 years.
    static let maxSpanDays = 36_525.0

    /// The water-level variable's name.
    public var levelVariableName: String { level.name }

    /// The whole-day span of the shared time axis (orthogonal and single layouts).
    public var timeSpan: ClosedRange<Int>? { span }
    /// Time steps on the shared axis (orthogonal and single layouts).
    public var timeStepCount: Int? { sharedTimes?.count }

    /// The median step between consecutive shared times [days], for `describe`.
    public var medianStepDays: Double? {
        guard let t = sharedTimes, t.count > 1 else { return nil }
        let steps = zip(t.dropFirst(), t).map { $0 - $1 }.sorted()
        return steps[steps.count / 2]
    }

    /// Reads paddies `start ..< start + count` (in file order).
    public func read(start: Int, count: Int) throws(InputError) -> [PaddyRecord] {
        try readBlock(start: start, count: count).records
    }

    /// Reads paddies `start ..< start + count` (in file order) with the masking counts of their water levels.
    public func readBlock(start: Int, count: Int) throws(InputError) -> PaddyBlock {
        let n = min(count, paddyCount - start)
        guard n > 0 else { return PaddyBlock(records: [], levelMasking: MaskCounts()) }
        func fail(_ v: String, _ e: NetCDFError) -> InputError { InputError(path: path, variable: v, e.message) }
        let ids: [String]
        do {
            if self.ids.type.isNumeric {
                ids = try file.read(self.ids, as: Int64.self, start: layout == .single ? [] : [start], count: layout == .single ? [] : [n]).map(String.init)
            } else {
                ids = try file.readStrings(self.ids, start: layout == .single ? [] : [start], count: layout == .single ? [] : [n])
            }
        } catch { throw fail(self.ids.name, error) }
        func numbers(_ v: Variable?, _ decoder: PackedDecoder? = nil) throws(InputError) -> [Double]? {
            guard let v else { return nil }
            do {
                let raw = try file.read(v, as: Double.self, start: layout == .single ? [] : [start], count: layout == .single ? [] : [n])
                return decoder.map { d in raw.map(d.decode) } ?? raw
            } catch { throw fail(v.name, error) }
        }
        func strings(_ v: Variable?) throws(InputError) -> [String]? {
            guard let v else { return nil }
            do { return try file.readStrings(v, start: layout == .single ? [] : [start], count: layout == .single ? [] : [n]) } catch { throw fail(v.name, error) }
        }
        let areas = try numbers(area, areaDecoder)
        let regions = try strings(region)
        let supplies = try strings(supply)
        let lats = try numbers(lat), lons = try numbers(lon)
        let amendmentTypes = try strings(amendmentType)
        let amendmentRates = try numbers(amendmentRate)
        let yields = try numbers(grainYield?.0, grainYield?.1)
        let sands = try numbers(sandFraction?.0, sandFraction?.1)
        let seasons = try readSeasons(start: start, count: n)
        let (series, levelMasking) = try readSeries(start: start, count: n)
        let temperatures = try readTemperatures(start: start, count: n)

        var records: [PaddyRecord] = []
        records.reserveCapacity(n)
        for k in 0..<n {
            let index = start + k
            let id = ids[k]
            func reject(_ reason: String) { records.append(.rejected(Rejection(paddyIndex: index, paddyID: id, reason: reason))) }
            guard !id.isEmpty else { reject("empty paddy identifier"); continue }
            var waterSupply: WaterSupply? = nil
            if let token = supplies?[k], !token.isEmpty {
                guard let s = WaterSupply(token: token) else { reject("water_supply \"\(token)\" is not irrigated, rainfed, deepwater or upland"); continue }
                waterSupply = s
            }
            var amendments: [OrganicAmendment]? = nil
            if let token = amendmentTypes?[k], !token.isEmpty, token.lowercased() != "none" {
                guard let type = AmendmentType(token: token) else {
                    reject("organic_amendment \"\(token)\" is not one of \(AmendmentType.allCases.map(\.rawValue).joined(separator: ", ")), none"); continue
                }
                guard let rate = amendmentRates?[k], rate.isFinite, rate >= 0 else { reject("organic_amendment_rate is missing or negative"); continue }
                amendments = [OrganicAmendment(type: type, rateTPerHa: rate)]
            } else if amendmentTypes != nil {
                amendments = []
            }
            switch series[k] {
            case .failure(let problem): reject(problem.reason)
            case .success(let water):
                let paddySeasons: [SeasonWindow]
                switch seasons[k] {
                case .failure(let problem): reject(problem.reason); continue
                case .success(let s): paddySeasons = s
                }
                records.append(.paddy(Paddy(
                    index: index, id: id, region: regions?[k].nilIfEmpty, waterSupply: waterSupply,
                    areaHa: areas?[k] ?? .nan, latitude: lats?[k], longitude: lons?[k],
                    seasons: paddySeasons, amendments: amendments,
                    grainYieldTPerHa: yields?[k].finiteOrNil, sandFraction: sands?[k].finiteOrNil,
                    temperature: temperatures?[k], water: water)))
            }
        }
        return PaddyBlock(records: records, levelMasking: levelMasking)
    }

    private func readSeasons(start: Int, count n: Int) throws(InputError) -> [Result<[SeasonWindow], PaddyProblem>] {
        guard let sv = seasonStart, let ev = seasonEnd, let (sd, ed) = seasonDecoders else { return Array(repeating: .success([]), count: n) }
        let perPaddy = sv.dimensions.count == 2 ? sv.shape[1] : 1
        let s: [Double], e: [Double]
        let startSlab = sv.dimensions.count == 2 ? [start, 0] : [start]
        let countSlab = sv.dimensions.count == 2 ? [n, perPaddy] : [n]
        do { s = try file.read(sv, as: Double.self, start: startSlab, count: countSlab) } catch { throw InputError(path: path, variable: sv.name, error.message) }
        do { e = try file.read(ev, as: Double.self, start: startSlab, count: countSlab) } catch { throw InputError(path: path, variable: ev.name, error.message) }
        return (0..<n).map { k in
            var windows: [SeasonWindow] = []
            for j in 0..<perPaddy {
                let a: Double?, b: Double?
                switch (sd.day(s[k * perPaddy + j]), ed.day(e[k * perPaddy + j])) {
                case (.failure(let p), _), (_, .failure(let p)): return .failure("season \(j + 1): \(p.reason)")
                case (.success(let x), .success(let y)): (a, b) = (x, y)
                }
                if a == nil && b == nil { continue }
                guard let a, let b else { return .failure("season \(j + 1) has a start or an end but not both") }
                guard Self.plausibleDay(a), Self.plausibleDay(b) else {
                    return .failure("season \(j + 1) start or end is not a date in years 1 to 9999")
                }
                let first = Int(a.rounded(.down)), last = Int(b.rounded(.down))
                guard last >= first else {
                    return .failure("season \(j + 1) ends (\(calendar.date(ofDay: last))) before it starts (\(calendar.date(ofDay: first)))")
                }
                windows.append(SeasonWindow(firstDay: first, lastDay: last))
            }
            return .success(windows)
        }
    }

    /// Reads and resamples the temperature series of paddies `start ..< start + n` (orthogonal
    /// and single layouts), or nil when the file has none.
    private func readTemperatures(start: Int, count n: Int) throws(InputError) -> [DailyTemperature]? {
        guard let (v, decoder, kind) = temperature, let times = sharedTimes, let span else { return nil }
        let t = times.count
        let timeFirst = layout == .orthogonal(timeFirst: true)
        let raw: [Double]
        do {
            raw = layout == .single ? try file.read(v, as: Double.self)
                : try file.read(v, as: Double.self, start: timeFirst ? [0, start] : [start, 0], count: timeFirst ? [t, n] : [n, t])
        } catch { throw InputError(path: path, variable: v.name, error.message) }
        return parallelMap(layout == .single ? 1 : n, threads: threads) { k in
            var counts = MaskCounts()   // temperatures are not counted in the manifest
            return DailyTemperature(kind: kind, firstDay: span.lowerBound,
                                    valuesC: resampler.daily(times: times, values: row(raw, k, of: n, steps: t, timeFirst: timeFirst, decoder, counts: &counts), span: span).values)
        }
    }

    /// Paddy `k`'s decoded values from a block of `n` paddies × `steps` times, counting why
    /// values are missing in `counts`.
    private func row(_ raw: [Double], _ k: Int, of n: Int, steps t: Int, timeFirst: Bool, _ decoder: PackedDecoder,
                     counts: inout MaskCounts) -> [Double] {
        var out = [Double](repeating: 0, count: t)
        for i in 0..<t { out[i] = decoder.decode(raw[timeFirst ? i * n + k : k * t + i], counting: &counts) }
        return out
    }

    /// Reads and resamples the water series of paddies `start ..< start + n`, with the block's
    /// masking counts (each paddy counts its own values; the block sums them).
    private func readSeries(start: Int, count n: Int) throws(InputError) -> ([Result<DailyWaterSeries, PaddyProblem>], MaskCounts) {
        let perPaddy: [(Result<DailyWaterSeries, PaddyProblem>, MaskCounts)]
        do {
            switch layout {
            case .orthogonal, .single:
                let timeFirst = layout == .orthogonal(timeFirst: true)
                let times = sharedTimes!
                let t = times.count
                let raw = layout == .single ? try file.read(level, as: Double.self)
                    : try file.read(level, as: Double.self, start: timeFirst ? [0, start] : [start, 0], count: timeFirst ? [t, n] : [n, t])
                perPaddy = parallelMap(layout == .single ? 1 : n, threads: threads) { k in
                    var counts = MaskCounts()
                    let levels = row(raw, k, of: n, steps: t, timeFirst: timeFirst, levelDecoder, counts: &counts)
                    return (.success(resampler.resample(times: times, levelsCm: levels, calendar: calendar, span: span!)), counts)
                }
            case .incomplete:
                let m = level.shape[1]
                let rawT = try file.read(time, as: Double.self, start: [start, 0], count: [n, m])
                let rawL = try file.read(level, as: Double.self, start: [start, 0], count: [n, m])
                perPaddy = (0..<n).map { k in
                    series(times: rawT[(k * m)..<((k + 1) * m)], levels: rawL[(k * m)..<((k + 1) * m)])
                }
            case .contiguousRagged:
                let starts = rowStart!
                let lo = starts[start], hi = starts[start + n]
                let rawT = try file.read(time, as: Double.self, start: [lo], count: [hi - lo])
                let rawL = try file.read(level, as: Double.self, start: [lo], count: [hi - lo])
                perPaddy = (0..<n).map { k in
                    let a = starts[start + k] - lo, b = starts[start + k + 1] - lo
                    return series(times: rawT[a..<b], levels: rawL[a..<b])
                }
            }
        } catch {
            throw InputError(path: path, variable: level.name, error.message)
        }
        var total = MaskCounts()
        for (_, c) in perPaddy { total.add(c) }
        return (perPaddy.map(\.0), total)
    }

    /// One paddy's own observations (ragged and incomplete layouts): drops missing times, checks
    /// order; counts why levels are missing.
    private func series(times rawTimes: ArraySlice<Double>, levels rawLevels: ArraySlice<Double>) -> (Result<DailyWaterSeries, PaddyProblem>, MaskCounts) {
        var counts = MaskCounts()
        return (observations(times: rawTimes, levels: rawLevels, counts: &counts), counts)
    }

    private func observations(times rawTimes: ArraySlice<Double>, levels rawLevels: ArraySlice<Double>,
                              counts: inout MaskCounts) -> Result<DailyWaterSeries, PaddyProblem> {
        var times: [Double] = [], levels: [Double] = []
        for (t, l) in zip(rawTimes, rawLevels) {
            guard case .success(let day) = timeDecoder.day(t), let d = day else { continue }
            guard Self.plausibleDay(d) else { return .failure("observation time \(t) is not a date in years 1 to 9999") }
            if let p = times.last, d <= p { return .failure("observation times are not strictly increasing (\(d == p ? "duplicate" : "out of order") at \(calendar.date(ofDay: Int(d.rounded(.down)))))") }
            times.append(d)
            levels.append(levelDecoder.decode(l, counting: &counts))
        }
        guard let first = times.first, let last = times.last else { return .failure("no observation times") }
        guard last - first <= Self.maxSpanDays else { return .failure("observations span more than \(Self.maxSpanDays / 365) years") }
        return .success(resampler.resample(times: times, levelsCm: levels, calendar: calendar,
                                           span: Int(first.rounded(.down))...Int(last.rounded(.down))))
    }
}

/// A block of paddies as read, with the masking counts of their water levels.
public struct PaddyBlock: Sendable {
    public var records: [PaddyRecord]
    public var levelMasking: MaskCounts
}

/// Why one paddy's data cannot be used.
struct PaddyProblem: Error {
    let reason: String
}

extension Result where Failure == PaddyProblem {
    static func failure(_ reason: String) -> Self { .failure(PaddyProblem(reason: reason)) }
}

extension Double {
    var finiteOrNil: Double? { isFinite ? self : nil }
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
