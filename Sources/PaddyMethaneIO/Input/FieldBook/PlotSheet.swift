import PaddyMethane

/// The plot sheet of a field book: one row per plot with its area and what else is known.
struct PlotSheet {
    struct Meta: Sendable {
        var areaHa: Double
        var region: String?
        var waterSupply: WaterSupply?
        var latitude: Double?
        var longitude: Double?
        var seasons: [SeasonWindow] = []
        var amendments: [OrganicAmendment]?
        var grainYieldTPerHa: Double?
        var sandFraction: Double?
        var attributes: [String: String] = [:]
    }

    struct Row: Sendable {
        let id: String
        let line: Int
        /// The plot's data, or the first problem of its row (file, line, column named).
        var meta: Result<Meta, PaddyProblem>
    }

    private(set) var rows: [Row] = []
    /// The free columns (`Paddy.attributes`), in the sheet's order.
    private(set) var attributeNames: [String] = []

    init(_ table: CSVFile, requireArea: Bool, survey: inout SourceSurvey) throws(InputError) {
        let columns = try HeaderMap(table, roles: FieldBookRole.plots, freeColumns: true, survey: &survey)
        guard let idColumn = columns[.plotID] else {
            throw columns.fail(line: table.headerLine, "the header has no plot_id column (found: \(table.header.joined(separator: ", ")))")
        }
        survey.found.append(("\(table.path): \(table.header[idColumn])", "plot identifier"))
        let units = try Units(columns, table, requireArea: requireArea, survey: &survey)
        func found(_ role: FieldBookRole, _ what: String, default note: String? = nil) {
            if let c = columns[role] { survey.found.append((table.header[c], what)) } else if let note { survey.defaults.append(note) }
        }
        found(.region, "region", default: "no region column: every plot is in region \"(none)\"")
        found(.waterSupply, "water supply", default: "no water_supply column: irrigated assumed; a field that never floods is rejected unless declared upland")
        found(.latitude, "latitude")
        found(.longitude, "longitude")
        found(.amendment, "organic amendment type", default: "no organic_amendment column: the run's amendment defaults apply (none unless configured)")
        for n in columns.seasons.keys.sorted() { survey.found.append(("season \(n) start and end", "cultivation period, inclusive dates")) }
        for f in columns.free { survey.found.append((f.name, "free attribute")) }
        attributeNames = columns.free.map(\.name)

        var lineOf: [String: Int] = [:]
        for r in 0..<table.rowCount {
            let id = table[r, idColumn], line = table.lines[r]
            guard !id.isEmpty else { throw columns.fail(line: line, column: idColumn, "the plot id is empty") }
            if let first = lineOf[id] {
                let reason = PaddyProblem(reason: "\(table.path) lines \(first) and \(line) both describe plot '\(id)': keep one row per plot")
                if let k = rows.firstIndex(where: { $0.id == id }) { rows[k].meta = .failure(reason) }
                continue
            }
            lineOf[id] = line
            rows.append(Row(id: id, line: line, meta: Self.meta(r, table, columns, units)))
        }
    }

    /// The unit conversions of the numeric columns (header problems stop the run).
    struct Units {
        var areaHa: Double?
        var yieldTPerHa: Double?
        var amendmentTPerHa = 1.0
        var sand = 1.0

        init(_ columns: HeaderMap, _ t: CSVFile, requireArea: Bool, survey: inout SourceSurvey) throws(InputError) {
            if let c = columns[.area] {
                guard let u = columns.headers[c]!.unit else {
                    throw columns.fail(line: t.headerLine, column: c, "the area has no unit: name it in the header (area_ha, area [m2], area (acre))")
                }
                guard let f = CFUnits.hectares(per: u) else {
                    throw columns.fail(line: t.headerLine, column: c, "\"\(u)\" is not an area unit (UDUNITS-2: ha, m2, are, acre, km2, ft2, …)")
                }
                areaHa = f
                survey.areaUnits = u
                survey.found.append((t.header[c], "area [\(u)] → ha"))
            } else if requireArea {
                throw columns.fail(line: t.headerLine, "the header has no area column (e.g. area_ha or area [m2]): each plot's area is required")
            }
            if let c = columns[.grainYield] {
                let u = columns.headers[c]!.unit ?? ""
                guard let f = CFUnits.tonnesPerHectare(per: u) else {
                    throw columns.fail(line: t.headerLine, column: c, "\"\(u)\" is not a yield unit (grain_yield_t_ha, grain_yield [kg/ha], grain_yield [g/m2])")
                }
                yieldTPerHa = f
                survey.found.append((t.header[c], "grain yield [\(u)] → t ha-1"))
            }
            if let c = columns[.amendmentRate] {
                let u = columns.headers[c]!.unit
                guard let f = u.map(CFUnits.tonnesPerHectare) ?? 1 else {
                    throw columns.fail(line: t.headerLine, column: c, "\"\(u!)\" is not a rate unit (organic_amendment_rate_t_ha, [kg/ha])")
                }
                amendmentTPerHa = f
                survey.found.append((t.header[c], "organic amendment rate [\(u ?? "t ha-1, no unit given")] → t ha-1"))
            }
            if let c = columns[.sandFraction] {
                let u = columns.headers[c]!.unit ?? ""
                guard let f = CFUnits.fraction(per: u) else {
                    throw columns.fail(line: t.headerLine, column: c, "\"\(u)\" is not a fraction unit (sand_fraction for 0–1, sand_fraction [%] or sand_pct)")
                }
                sand = f
                survey.found.append((t.header[c], "soil sand fraction [\(u.isEmpty ? "1" : u)]"))
            }
        }
    }

    /// One row's data, or its first problem.
    private static func meta(_ r: Int, _ t: CSVFile, _ columns: HeaderMap, _ units: Units) -> Result<Meta, PaddyProblem> {
        let line = t.lines[r]
        func at(_ c: Int, _ m: String) -> Result<Meta, PaddyProblem> { .failure(columns.where(line: line, column: c) + ": " + m) }
        func number(_ role: FieldBookRole) -> Result<Double?, PaddyProblem> {
            guard let c = columns[role] else { return .success(nil) }
            switch FieldBookCell.number(t[r, c]) {
            case .failure(let p): return .failure(columns.where(line: line, column: c) + ": " + p.reason)
            case .success(let v): return .success(v)
            }
        }
        func text(_ role: FieldBookRole) -> String? { columns[role].map { t[r, $0] }.flatMap { FieldBookCell.isMissing($0) ? nil : $0 } }
        var m = Meta(areaHa: .nan)
        do throws(PaddyProblem) {
            if let c = columns[.area] {
                guard let a = try number(.area).get() else { return at(c, "the area is missing") }
                guard a > 0 else { return at(c, "the area \(t[r, c]) is not positive") }
                m.areaHa = a * units.areaHa!
            }
            m.latitude = try number(.latitude).get()
            m.longitude = try number(.longitude).get()
            if let v = try number(.grainYield).get() {
                guard v >= 0 else { return at(columns[.grainYield]!, "the grain yield is negative") }
                m.grainYieldTPerHa = v * units.yieldTPerHa!
            }
            if let v = try number(.sandFraction).get() {
                let f = v * units.sand
                guard (0...1).contains(f) else { return at(columns[.sandFraction]!, "the sand fraction \(t[r, columns[.sandFraction]!]) is outside 0–1 (0–100 %)") }
                m.sandFraction = f
            }
            let rate = try number(.amendmentRate).get()
            if let c = columns[.amendment] {
                if let token = text(.amendment), token.lowercased() != "none" {
                    guard let type = AmendmentType(token: token) else {
                        return at(c, "\"\(token)\" is not one of \(AmendmentType.allCases.map(\.rawValue).joined(separator: ", ")), none")
                    }
                    guard let rate, rate >= 0 else { return at(columns[.amendmentRate] ?? c, "the organic amendment rate is missing or negative") }
                    m.amendments = [OrganicAmendment(type: type, rateTPerHa: rate * units.amendmentTPerHa)]
                } else {
                    m.amendments = []
                }
            }
        } catch { return .failure(error) }
        m.region = text(.region)
        if let c = columns[.waterSupply], let token = text(.waterSupply) {
            guard let s = WaterSupply(token: token) else { return at(c, "\"\(token)\" is not irrigated, rainfed, deepwater or upland") }
            m.waterSupply = s
        }
        for n in columns.seasons.keys.sorted() {
            let (sc, ec) = (columns.seasons[n]!.start!, columns.seasons[n]!.end!)
            let a: Int?, b: Int?
            switch FieldBookCell.day(t[r, sc]) { case .failure(let p): return at(sc, p.reason); case .success(let v): a = v }
            switch FieldBookCell.day(t[r, ec]) { case .failure(let p): return at(ec, p.reason); case .success(let v): b = v }
            if a == nil && b == nil { continue }
            guard let a, let b else { return at(a == nil ? sc : ec, "season \(n) has a start or an end but not both") }
            guard b >= a else { return at(ec, "season \(n) ends (\(t[r, ec])) before it starts (\(t[r, sc]))") }
            m.seasons.append(SeasonWindow(firstDay: a, lastDay: b))
        }
        for f in columns.free where !t[r, f.column].isEmpty { m.attributes[f.name] = t[r, f.column] }
        return .success(m)
    }
}
