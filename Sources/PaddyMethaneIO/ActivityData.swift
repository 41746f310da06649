public import PaddyMethane
import Foundation

/// Tabular activity data (`run --activity-data FILE.csv`): one row per year, region and IPCC
/// category with its season length and harvested area, as national statistics give them
/// (IPCC 2019 Vol. 4 Ch. 5, Eq. 5.1: CH4 = Σ EF_i × t_i × A_i over the categories i). Each row is
/// one paddy-season of the reports, with its water categories declared instead of read from a
/// series. The columns are in `ActivityDataFile.Column`; the README's data dictionary documents
/// them.
///
/// A problem with the file as a whole (not readable, a header with an unknown, repeated or missing
/// column) stops the run; a problem with one row (a number that is not one, a negative area, an
/// unknown category, a year that is not one, a season that does not fit in its year) rejects the
/// row into `rejected.csv` with the file, line, column and, for a category, the nearest valid one.
public struct ActivityDataFile: Sendable {
    public let path: String
    /// The valid rows, in file order.
    public var rows: [ActivityDataRow] = []
    /// The rejected rows: `paddyIndex` is the row's position among the data rows (0-based),
    /// `paddyID` its id (`FILE:LINE`).
    public var rejections: [Rejection] = []
    /// Data rows read (valid + rejected).
    public var rowCount: Int { rows.count + rejections.count }
    /// The `drainage_rule` cell of an activity-data row: its regime is declared, not read.
    public static let drainageRuleColumn = "none (declared regime)"

    /// The columns, in the template's order.
    public enum Column: String, CaseIterable, Sendable {
        case year, region, water_supply, water_regime, pre_season, amendment_type, amendment_rate_t_ha, season_days, area_ha
        case area_uncertainty_pct, season_days_uncertainty_pct, season_end, water_depth_cm

        /// Whether every file must have the column.
        var isRequired: Bool {
            switch self {
            case .area_uncertainty_pct, .season_days_uncertainty_pct, .season_end, .water_depth_cm: false
            default: true
            }
        }
    }

    /// Reads and checks `path`. `limits` gives the plausible amendment rate (`max_amendment_t_ha`).
    public static func load(_ path: String, limits: DetectionSettings) throws -> ActivityDataFile {
        let table = try CSVFile(path: path)
        var columns: [Column: Int] = [:]
        for (i, raw) in table.header.enumerated() {
            let name = raw.trimmingCharacters(in: .whitespaces)
            guard let c = Column(rawValue: name) else {
                throw InputError(path: path, "line \(table.headerLine), column \(i + 1): unknown column \"\(name)\"" + ModelLibrary.choice(name, among: Column.allCases.map(\.rawValue)))
            }
            guard columns[c] == nil else { throw InputError(path: path, "line \(table.headerLine), column \(i + 1): column \"\(name)\" is repeated") }
            columns[c] = i
        }
        let missing = Column.allCases.filter { $0.isRequired && columns[$0] == nil }
        guard missing.isEmpty else {
            throw InputError(path: path, "line \(table.headerLine): missing column(s) \(missing.map(\.rawValue).joined(separator: ", ")); the template is data/activity-data-template.csv")
        }
        var out = ActivityDataFile(path: path)
        let name = URL(fileURLWithPath: path).lastPathComponent
        for index in 0..<table.rowCount {
            let record = CSVRecord(line: table.lines[index], fields: (0..<table.columnCount).map { table[index, $0] })
            let id = "\(name):\(record.line)"
            do {
                out.rows.append(try ActivityDataRow(record, columns: columns, id: id, index: index, limits: limits))
            } catch {
                out.rejections.append(Rejection(paddyIndex: index, paddyID: id, reason: "\(path): \(error.description)"))
            }
        }
        return out
    }
}

/// A problem with one cell of an activity-data row.
struct ActivityCellError: Error, CustomStringConvertible {
    let description: String
}

/// One row of activity data: a category's harvested area and season length in one year and region.
public struct ActivityDataRow: Sendable, Equatable {
    /// `FILE:LINE`, the row's `paddy_id` in the reports.
    public var id: String
    /// Position among the data rows (0-based): the `paddy_index` of the reports.
    public var index: Int
    public var line: Int
    public var year: Int
    public var region: String?
    public var waterSupply: WaterSupply
    public var regime: WaterRegime
    /// nil: `unknown` (Table 5.13's aggregated factor).
    public var preSeason: PreSeasonStatus?
    public var amendments: [OrganicAmendment]
    /// Cultivation period t [days] of Eq. 5.1.
    public var seasonDays: Int
    /// Harvested area A [ha] (each season counts).
    public var areaHa: Double
    /// The harvest date: the season's last day, in `year` (31 December when not given).
    public var seasonEnd: CalendarDate
    /// Mean water depth over the season [cm]: deep-water rows only (CRT 3.C.3 at 100 cm).
    public var waterDepthCm: Double?
    /// 95 % half-widths [%] of the row's area and season length, when given.
    public var areaUncertaintyPct: Double?
    public var seasonDaysUncertaintyPct: Double?

    /// The water regimes a water supply admits (IPCC 2019 Table 5.12; the aggregated cases of
    /// irrigated and of rainfed and deep water, as the series reader assigns them).
    static func regimes(of supply: WaterSupply) -> [WaterRegime] {
        switch supply {
        case .irrigated: [.continuously_flooded, .single_drainage, .multiple_drainage, .irrigated_undetermined]
        case .rainfed: [.rainfed_regular, .rainfed_drought_prone, .rainfed_undetermined]
        case .deepwater: [.deep_water, .rainfed_undetermined]
        case .upland: [.upland]
        }
    }

    init(_ record: CSVRecord, columns: [ActivityDataFile.Column: Int], id: String, index: Int, limits: DetectionSettings) throws(ActivityCellError) {
        self.id = id
        self.index = index
        line = record.line
        func cell(_ c: ActivityDataFile.Column) -> String? {
            guard let i = columns[c], i < record.fields.count else { return nil }
            let v = record.fields[i].trimmingCharacters(in: .whitespaces)
            return v.isEmpty ? nil : v
        }
        func fail(_ c: ActivityDataFile.Column, _ message: String) -> ActivityCellError {
            let position = columns[c].map { "column \($0 + 1)" } ?? "no column"
            return ActivityCellError(description: "line \(record.line), \(position) (\(c.rawValue)): \(message)")
        }
        func required(_ c: ActivityDataFile.Column) throws(ActivityCellError) -> String {
            guard let v = cell(c) else { throw fail(c, "empty; a value is required") }
            return v
        }
        func token<T: RawRepresentable & CaseIterable>(_ c: ActivityDataFile.Column, _ type: T.Type, extra: [String] = []) throws(ActivityCellError) -> String where T.RawValue == String {
            let v = try required(c)
            let known = T.allCases.map(\.rawValue) + extra
            guard known.contains(v) else { throw fail(c, "unknown value \"\(v)\"" + ModelLibrary.choice(v, among: known)) }
            return v
        }
        func number(_ c: ActivityDataFile.Column, optional: Bool = false) throws(ActivityCellError) -> Double? {
            guard let v = cell(c) else {
                if optional { return nil }
                throw fail(c, "empty; a number is required")
            }
            guard let x = Double(v), x.isFinite else { throw fail(c, "\"\(v)\" is not a number") }
            return x
        }
        func percentage(_ c: ActivityDataFile.Column) throws(ActivityCellError) -> Double? {
            guard let p = try number(c, optional: true) else { return nil }
            guard (0...100).contains(p) else { throw fail(c, "\(p) is not a percentage between 0 and 100 (the half-width of the 95 % interval)") }
            return p
        }

        let yearText = try required(.year)
        guard let year = Int(yearText), (1...9999).contains(year), yearText.count == 4 else { throw fail(.year, "\"\(yearText)\" is not a year (YYYY)") }
        self.year = year
        region = cell(.region)
        waterSupply = WaterSupply(rawValue: try token(.water_supply, WaterSupply.self))!
        regime = WaterRegime(rawValue: try token(.water_regime, WaterRegime.self))!
        guard Self.regimes(of: waterSupply).contains(regime) else {
            throw fail(.water_regime, "\(regime.rawValue) is not a regime of \(waterSupply.rawValue) rice; for \(waterSupply.rawValue): \(Self.regimes(of: waterSupply).map(\.rawValue).joined(separator: ", "))")
        }
        preSeason = PreSeasonStatus(rawValue: try token(.pre_season, PreSeasonStatus.self)).flatMap { $0 == .unknown ? nil : $0 }
        let type = try token(.amendment_type, AmendmentType.self, extra: ["none"])
        let rate = try number(.amendment_rate_t_ha, optional: type == "none") ?? 0
        if type == "none" {
            guard rate == 0 else { throw fail(.amendment_rate_t_ha, "\(rate) t/ha with amendment_type none; give the type or a rate of 0") }
            amendments = []
        } else {
            guard rate >= 0, rate <= limits.maxAmendmentTPerHa else {
                throw fail(.amendment_rate_t_ha, "\(rate) t/ha is beyond the 0–\(limits.maxAmendmentTPerHa) t/ha plausible (max_amendment_t_ha)")
            }
            amendments = [OrganicAmendment(type: AmendmentType(rawValue: type)!, rateTPerHa: rate)]
        }
        let daysText = try required(.season_days)
        guard let days = Int(daysText) else { throw fail(.season_days, "\"\(daysText)\" is not a whole number of days") }
        let calendar = CFCalendar.standard
        let daysInYear = calendar.isLeap(year) ? 366 : 365
        guard days >= 1, days <= daysInYear else { throw fail(.season_days, "\(days) days: a season lasts 1 to \(daysInYear) days in \(year)") }
        seasonDays = days
        let area = try number(.area_ha)!
        guard area > 0 else { throw fail(.area_ha, "\(area) ha: the harvested area must be positive (leave out a category with no area)") }
        areaHa = area
        if let text = cell(.season_end) {
            guard let d = CalendarDate(iso: Substring(text)), calendar.isValid(d) else { throw fail(.season_end, "\"\(text)\" is not a date YYYY-MM-DD") }
            guard d.year == year else { throw fail(.season_end, "\(text) is not in the row's year \(year): a season belongs to the year of its harvest") }
            seasonEnd = d
        } else {
            seasonEnd = CalendarDate(year: year, month: 12, day: 31)
        }
        // The season must start in the same year or the one before (its end is in `year`).
        guard calendar.dayNumber(seasonEnd) - days + 1 >= calendar.dayNumber(CalendarDate(year: year - 1, month: 1, day: 1)) else {
            throw fail(.season_days, "\(days) days ending \(seasonEnd) start before \(year - 1)")
        }
        waterDepthCm = try number(.water_depth_cm, optional: true)
        if regime == .deep_water {
            guard let depth = waterDepthCm, depth > 0 else {
                throw fail(.water_depth_cm, "deep_water rows need the mean water depth over the season [cm] (CRT 3.C.3: 50–100 cm or > 100 cm)")
            }
        } else if waterDepthCm != nil {
            throw fail(.water_depth_cm, "only deep_water rows have a water depth")
        }
        areaUncertaintyPct = try percentage(.area_uncertainty_pct)
        seasonDaysUncertaintyPct = try percentage(.season_days_uncertainty_pct)
    }

    /// The row's season: it ends on `seasonEnd` and lasts `seasonDays` days (standard calendar).
    public var window: SeasonWindow {
        let end = CFCalendar.standard.dayNumber(seasonEnd)
        return SeasonWindow(firstDay: end - seasonDays + 1, lastDay: end)
    }

    /// The row as a paddy-season of the run: its declared categories through the run's engine,
    /// with its own activity-data uncertainty where given, else its region's from the run
    /// configuration.
    public func result(_ engine: InventoryEngine) throws(Rejection) -> PaddySeasonResult {
        let w = window
        let paddy = Paddy(index: index, id: id, region: region, waterSupply: waterSupply, areaHa: areaHa, seasons: [w],
                          amendments: amendments,
                          water: DailyWaterSeries(calendar: .standard, firstDay: w.firstDay, levelCm: [], quality: []))
        let assessment = SeasonWaterAssessment(window: w, waterSupply: waterSupply, regime: regime, preSeason: preSeason,
                                               meanLevelCm: waterDepthCm ?? 0)
        var r = try engine.result(paddy, assessment: assessment)
        let own = ActivityUncertainty(scope: id, areaPct: areaUncertaintyPct, seasonLengthPct: seasonDaysUncertaintyPct)
        let regional = engine.configuration.activityUncertainty(region: region, year: year)
        r.activityUncertainty = ActivityUncertainty(area: areaUncertaintyPct != nil ? own.area : regional.area,
                                                    seasonLength: seasonDaysUncertaintyPct != nil ? own.seasonLength : regional.seasonLength)
        return r
    }
}

/// One data row of a CSV file with the line it starts on.
struct CSVRecord {
    var line: Int
    var fields: [String]
}
