import PaddyMethane
import NetCDF

/// The per-paddy variables of the input contract besides the series: area, region, water supply,
/// position, season dates, organic amendments, grain yield and sand fraction. Shared by every
/// layout (they all have the paddy dimension, or none in a single-series file).
struct PaddyVariables: Sendable {
    let area: (Variable, PackedDecoder)?
    let region: Variable?
    let supply: Variable?
    let lat: Variable?
    let lon: Variable?
    let amendmentType: Variable?
    let amendmentRate: Variable?
    let grainYield: (Variable, PackedDecoder)?
    let sandFraction: (Variable, PackedDecoder)?
    let nitrogenRate: (Variable, PackedDecoder)?
    let seasons: SeasonVariables?
    /// Paddy attributes carried into the reports, by name: the variables of
    /// `InputNames.attributes`, then those marked `paddymethane_role = "attribute"`, then text
    /// variables with a `paddy_attribute` attribute naming them (as `import` writes a plot sheet's
    /// free columns): text or integers on the paddy dimension.
    let attributes: [(name: String, variable: Variable)]
    /// Single-series file: the variables are scalars.
    let scalar: Bool

    /// The variable attribute that marks a paddy attribute for the reports.
    static let attributeRole = ("paddymethane_role", "attribute")

    /// Finds and checks the variables; adds what was found and the defaults that apply to `survey`.
    init(_ c: LayoutContext, names: InputNames, requireArea: Bool, survey: inout SourceSurvey) throws(InputError) {
        scalar = c.paddyDim == nil
        func perPaddy(_ name: String, role: String) throws(InputError) -> Variable? {
            guard let v = c.input.variable(name) else { return nil }
            let expected = c.paddyDim.map { [$0.name] } ?? []
            let dims = v.type == .char ? Array(v.dimensionNames.dropLast()) : v.dimensionNames
            guard dims == expected else { throw c.fail(name, "must have the paddy dimension only, has (\(v.dimensionNames.joined(separator: ", ")))") }
            survey.found.append((name, role))
            return v
        }
        func scaled(_ name: String, role: String, units convert: (String) -> Double?, expected: String) throws(InputError) -> (Variable, PackedDecoder)? {
            guard let v = try perPaddy(name, role: role) else { return nil }
            let u = c.input.text(v, "units") ?? ""
            guard let factor = convert(u) else { throw c.fail(name, "units \"\(u)\" are not \(expected)") }
            return (v, try PackedDecoder(file: c.input.file, variable: v, unitFactor: factor))
        }
        let areaName = names.areaVariable ?? names.area
        if names.areaVariable != nil, c.input.variable(areaName) == nil { throw c.fail(areaName, "not found (--area)") }
        if let a = try perPaddy(areaName, role: "area") {
            guard let au = c.input.text(a, "units") else { throw c.fail(a.name, "has no units attribute (expected an area: ha, m2, km2, acre, …)") }
            guard let ha = CFUnits.hectares(per: au) else {
                throw c.fail(a.name, "units \"\(au)\" are not an area unit (UDUNITS-2: ha, hectare, m2, km2, are, acre, ft2, …)")
            }
            survey.areaUnits = au
            area = (a, try PackedDecoder(file: c.input.file, variable: a, unitFactor: ha))
            survey.found[survey.found.count - 1].role = "area [\(au)] → ha"
        } else {
            area = nil
            if requireArea { throw c.fail(areaName, "not found: each paddy's area is required (units ha, m2, km2, acre, …; another name: --area VAR)") }
        }
        region = try perPaddy(names.region, role: "region")
        if region == nil { survey.defaults.append("no region variable: every paddy is in region \"(none)\"") }
        supply = try perPaddy(names.waterSupply, role: "water supply")
        if supply == nil { survey.defaults.append("no water_supply variable: irrigated assumed; a field that never floods is rejected unless declared upland") }
        lat = try perPaddy(names.latitude, role: "latitude")
        lon = try perPaddy(names.longitude, role: "longitude")
        amendmentType = try perPaddy(names.amendmentType, role: "organic amendment type")
        amendmentRate = try perPaddy(names.amendmentRate, role: "organic amendment rate [t ha-1]")
        grainYield = try scaled(names.grainYield, role: "grain yield → t ha-1", units: CFUnits.tonnesPerHectare, expected: "t ha-1, kg ha-1 or g m-2")
        sandFraction = try scaled(names.sandFraction, role: "soil sand fraction", units: CFUnits.fraction, expected: "1 or %")
        nitrogenRate = try scaled(names.nitrogenRate, role: "nitrogen rate [kg N ha-1]", units: CFUnits.kilogramsNitrogenPerHectare,
                                  expected: "kg ha-1, kg N ha-1, t ha-1 or g m-2")
        seasons = nil
        let marked = c.input.variables.filter { c.input.text($0, Self.attributeRole.0) == Self.attributeRole.1 }.map(\.name)
        var attributes: [(name: String, variable: Variable)] = []
        for name in names.attributes + marked where !attributes.contains(where: { $0.name == name }) {
            guard c.input.variable(name) != nil else {
                throw c.fail(name, "not found: --attribute names a text or integer variable on the paddy dimension")
            }
            let v = try perPaddy(name, role: "paddy attribute (reported)")!
            guard v.type == .string || v.type == .char || v.type.isInteger else {
                throw c.fail(name, "is \(v.type): a paddy attribute must be text (string or char) or integers")
            }
            attributes.append((name, v))
        }
        for v in c.input.variables where v.type == .string || v.type == .char {
            guard let name = c.input.text(v, "paddy_attribute"), !attributes.contains(where: { $0.name == name }),
                  let a = try perPaddy(v.name, role: "free attribute \(name)") else { continue }
            attributes.append((name, a))
        }
        self.attributes = attributes
    }

    private init(_ v: PaddyVariables, seasons: SeasonVariables?) {
        (area, region, supply, lat, lon) = (v.area, v.region, v.supply, v.lat, v.lon)
        (amendmentType, amendmentRate, grainYield, sandFraction, scalar) = (v.amendmentType, v.amendmentRate, v.grainYield, v.sandFraction, v.scalar)
        attributes = v.attributes
        nitrogenRate = v.nitrogenRate
        self.seasons = seasons
    }

    /// These variables with the season dates.
    func with(seasons: SeasonVariables?) -> PaddyVariables { PaddyVariables(self, seasons: seasons) }

    /// Every variable read (for the filter check).
    var variables: [Variable] {
        [area?.0, region, supply, lat, lon, seasons?.startVariable, seasons?.endVariable,
         amendmentType, amendmentRate, grainYield?.0, sandFraction?.0, nitrogenRate?.0].compactMap { $0 } + attributes.map(\.variable)
    }

    /// The values of paddies `range`, read as one slab per variable.
    struct Columns {
        var areas, lats, lons, amendmentRates, yields, sands, nitrogenRates: [Double]?
        var regions, supplies, amendmentTypes: [String]?
        var seasons: [Result<[SeasonWindow], PaddyProblem>]
        /// (name, value per paddy; "" where missing) of each paddy attribute.
        var attributes: [(name: String, values: [String])] = []
    }

    func read(_ range: Range<Int>, _ input: InputFile, calendar: CFCalendar) throws(InputError) -> Columns {
        let start = scalar ? [] : [range.lowerBound], count = scalar ? [] : [range.count]
        func numbers(_ v: Variable?, _ decoder: PackedDecoder? = nil) throws(InputError) -> [Double]? {
            guard let v else { return nil }
            let raw = try input.read(v, start: start, count: count)
            return decoder.map { d in raw.map(d.decode) } ?? raw
        }
        func strings(_ v: Variable?) throws(InputError) -> [String]? {
            guard let v else { return nil }
            if let flags = FlagMeanings(v, input) { return try flags.tokens(input.read(v, start: start, count: count)) }
            do { return try input.file.readStrings(v, start: start, count: count) } catch { throw input.fail(v.name, error.message) }
        }
        /// Text as stored; integers in decimal, their `_FillValue` as "".
        func attributeValues(_ v: Variable) throws(InputError) -> [String] {
            if !v.type.isNumeric { return try strings(v)! }
            let fill = input.attribute(v, "_FillValue")?.numbers?.first
            return try input.read(v, start: start, count: count).map { $0 == fill || !$0.isFinite ? "" : String(Int64($0)) }
        }
        var attributeColumns: [(name: String, values: [String])] = []
        for (name, v) in attributes { attributeColumns.append((name, try attributeValues(v))) }
        return Columns(areas: try numbers(area?.0, area?.1), lats: try numbers(lat), lons: try numbers(lon),
                       amendmentRates: try numbers(amendmentRate), yields: try numbers(grainYield?.0, grainYield?.1),
                       sands: try numbers(sandFraction?.0, sandFraction?.1),
                       nitrogenRates: try numbers(nitrogenRate?.0, nitrogenRate?.1),
                       regions: try strings(region), supplies: try strings(supply), amendmentTypes: try strings(amendmentType),
                       seasons: try seasons?.read(range, input, calendar: calendar) ?? Array(repeating: .success([]), count: range.count),
                       attributes: attributeColumns)
    }
}

/// The water supplies and amendment types of a block's labels, each distinct label read once
/// (a block's paddies share a few labels: parsing each paddy's cost more than its model).
struct LabelReadings {
    private var supplies: [String: WaterSupply?] = [:]
    /// nil: the label says "none".
    private var amendments: [String: AmendmentType??] = [:]

    /// `WaterSupply(token:)`.
    mutating func supply(_ token: String) -> WaterSupply? {
        if let known = supplies[token] { return known }
        let s = WaterSupply(token: token)
        supplies[token] = s
        return s
    }

    /// nil for "none" (any case); else `AmendmentType(token:)`.
    mutating func amendment(_ token: String) -> AmendmentType?? {
        if let known = amendments[token] { return known }
        let a: AmendmentType?? = token.lowercased() == "none" ? nil : .some(AmendmentType(token: token))
        amendments[token] = a
        return a
    }
}

extension PaddyVariables.Columns {
    /// Paddy `k` of the block with its level and temperature observations, or why it is rejected.
    func record(_ k: Int, index: Int, id: String, level: Result<Observations, PaddyProblem>,
                temperature: (kind: DailyTemperature.Kind, observations: Observations)?, labels: inout LabelReadings) -> SourceRecord {
        func reject(_ reason: String) -> SourceRecord { .rejected(Rejection(paddyIndex: index, paddyID: id, reason: reason)) }
        guard !id.isEmpty else { return reject("empty paddy identifier") }
        var waterSupply: WaterSupply? = nil
        if let token = supplies?[k], !token.isEmpty {
            guard let s = labels.supply(token) else { return reject("water_supply \"\(token)\" is not irrigated, rainfed, deepwater or upland") }
            waterSupply = s
        }
        var amendments: [OrganicAmendment]? = nil
        if let token = amendmentTypes?[k], !token.isEmpty, case .some(let parsed) = labels.amendment(token) {
            guard let type = parsed else {
                return reject("organic_amendment \"\(token)\" is not one of \(AmendmentType.allCases.map(\.rawValue).joined(separator: ", ")), none")
            }
            guard let rate = amendmentRates?[k], rate.isFinite, rate >= 0 else { return reject("organic_amendment_rate is missing or negative") }
            amendments = [OrganicAmendment(type: type, rateTPerHa: rate)]
        } else if amendmentTypes != nil {
            amendments = []
        }
        var nitrogen: Double? = nil
        if let n = nitrogenRates?[k], !n.isNaN {
            guard n.isFinite, n >= 0 else { return reject("nitrogen_rate \(n) kg N ha-1 is not a non-negative number") }
            nitrogen = n
        }
        let observations: Observations
        switch level {
        case .failure(let problem): return reject(problem.reason)
        case .success(let o): observations = o
        }
        let paddySeasons: [SeasonWindow]
        switch seasons[k] {
        case .failure(let problem): return reject(problem.reason)
        case .success(let s): paddySeasons = s
        }
        return .observed(ObservedPaddy(
            index: index, id: id, region: regions?[k].nilIfEmpty, waterSupply: waterSupply,
            areaHa: areas?[k] ?? .nan, latitude: lats?[k], longitude: lons?[k],
            seasons: paddySeasons, amendments: amendments,
            grainYieldTPerHa: yields?[k].finiteOrNil, sandFraction: sands?[k].finiteOrNil,
            attributes: Dictionary(attributes.compactMap { a in a.values[k].isEmpty ? nil : (a.name, a.values[k]) }, uniquingKeysWith: { a, _ in a }),
            nitrogenRateKgPerHa: nitrogen,
            level: observations, temperature: temperature))
    }
}

/// `season_start` and `season_end`: CF time values with dimensions (paddy) or (paddy, season),
/// each with its own units and calendar, dated in the time coordinate's zone.
struct SeasonVariables: Sendable {
    let start: CFTimeDecoder
    let end: CFTimeDecoder
    let startVariable: Variable
    let endVariable: Variable

    /// Finds and checks the pair; nil when the file gives neither.
    init?(_ c: LayoutContext, names: InputNames, survey: inout SourceSurvey) throws(InputError) {
        func seasonVar(_ name: String) throws(InputError) -> Variable? {
            guard let v = c.input.variable(name) else { return nil }
            guard let pd = c.paddyDim, v.dimensions.first?.name == pd.name, (1...2).contains(v.dimensions.count), v.type.isNumeric else {
                throw c.fail(name, "must be numeric CF time values with dimensions (paddy) or (paddy, season)")
            }
            return v
        }
        let s = try seasonVar(names.seasonStart), e = try seasonVar(names.seasonEnd)
        if (s == nil) != (e == nil) { throw c.fail(s == nil ? names.seasonStart : names.seasonEnd, "season_start and season_end must be given together") }
        guard let s, let e else {
            survey.defaults.append("no season_start/season_end: seasons are detected from the water series")
            return nil
        }
        guard s.shape == e.shape else { throw c.fail(s.name, "season_start and season_end have different shapes") }
        func decoder(_ v: Variable) throws(InputError) -> CFTimeDecoder {
            let own = try cfTimeUnits(of: v, c.input, defaults: &survey.defaults)
            let units = c.timeDecoder.units
            if own.calendar != units.calendar {
                survey.notes.append("\(v.name) is in the \(own.calendar.rawValue) calendar, time in \(units.calendar.rawValue): dates are carried over by calendar date")
            }
            survey.found.append((v.name, "season date [\(own.text), calendar \(own.calendar.rawValue)]"))
            return try CFTimeDecoder(file: c.input.file, variable: v, units: own.dated(inZoneOf: units), fileCalendar: units.calendar)
        }
        (start, end, startVariable, endVariable) = (try decoder(s), try decoder(e), s, e)
    }

    /// Each paddy's season windows, or why they cannot be used.
    func read(_ range: Range<Int>, _ input: InputFile, calendar: CFCalendar) throws(InputError) -> [Result<[SeasonWindow], PaddyProblem>] {
        let twoD = startVariable.dimensions.count == 2
        let perPaddy = twoD ? startVariable.shape[1] : 1
        let n = range.count
        let slabStart = twoD ? [range.lowerBound, 0] : [range.lowerBound], slabCount = twoD ? [n, perPaddy] : [n]
        let s = try input.read(startVariable, start: slabStart, count: slabCount)
        let e = try input.read(endVariable, start: slabStart, count: slabCount)
        return (0..<n).map { k in
            var windows: [SeasonWindow] = []
            for j in 0..<perPaddy {
                let a: Double?, b: Double?
                switch (start.day(s[k * perPaddy + j]), end.day(e[k * perPaddy + j])) {
                case (.failure(let p), _), (_, .failure(let p)): return .failure("season \(j + 1): \(p.reason)")
                case (.success(let x), .success(let y)): (a, b) = (x, y)
                }
                if a == nil && b == nil { continue }
                guard let a, let b else { return .failure("season \(j + 1) has a start or an end but not both") }
                guard CFTimeDecoder.plausibleDay(a), CFTimeDecoder.plausibleDay(b) else {
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
}

/// A time variable's own units and calendar (CF 1.8 section 4.4: units are required, the
/// calendar defaults to standard, which is added to `defaults`).
func cfTimeUnits(of v: Variable, _ input: InputFile, defaults: inout [String]) throws(InputError) -> CFTimeUnits {
    guard let u = input.text(v, "units") else {
        throw input.fail(v.name, "has no units attribute: CF time values need \"<unit> since <date>\" (CF 1.8 section 4.4), e.g. \"days since 2024-01-01\"")
    }
    let calName = input.text(v, "calendar")
    guard let cal = CFCalendar(cfName: calName ?? "standard") else { throw input.fail(v.name, "unknown calendar \"\(calName ?? "")\"") }
    if calName == nil { defaults.append("\(v.name) has no calendar attribute: the CF default \"standard\" applies") }
    do { return try CFTimeUnits(parsing: u, calendar: cal) } catch {
        throw input.fail(v.name, "units \"\(u)\" are not CF time units: \(error) (expected e.g. \"days since 2024-01-01\" or \"hours since 2024-06-01 00:00 +07:00\")")
    }
}

/// A CF flag-coded category variable (CF 1.8 section 3.5): integer codes with `flag_values` and
/// the blank-separated `flag_meanings`, read as the meanings (`water_supply`: 1 = irrigated, …).
/// A code that is not among the flag values, or a fill value, reads as text that names it, so
/// that the paddy is rejected with the reason (or, for a fill value, as not given).
struct FlagMeanings {
    let meanings: [Double: String]
    let fill: PackedDecoder?

    init?(_ v: Variable, _ input: InputFile) {
        guard v.type.isInteger, case .numbers(let values, _)? = input.attribute(v, "flag_values"),
              let text = input.text(v, "flag_meanings") else { return nil }
        let words = text.split(whereSeparator: \.isWhitespace).map(String.init)
        guard words.count == values.count else { return nil }
        meanings = Dictionary(zip(values, words), uniquingKeysWith: { a, _ in a })
        fill = try? PackedDecoder(file: input.file, variable: v)
    }

    func tokens(_ codes: [Double]) -> [String] {
        codes.map { code in
            if let m = meanings[code] { return m }
            if let fill, fill.decode(code).isNaN { return "" }
            return "flag value \(fixedPoint(code, decimals: 0)) (not among flag_values)"
        }
    }
}
