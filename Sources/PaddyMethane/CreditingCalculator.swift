/// A season of a field before the project start, as its baseline is built from it.
public struct LookbackSeason: Sendable, Equatable, Codable {
    public var firstDay: Int
    public var lastDay: Int
    public var regime: WaterRegime
    /// EF_i [kg CH4 ha⁻¹ d⁻¹] of the season.
    public var efKgPerHaPerDay: Double
    /// SF_w of the season (Table 5.12).
    public var sfW: Double
    /// The IPCC category (for the Monte Carlo of the reductions).
    public var category: FactorCategory

    public init(firstDay: Int, lastDay: Int, regime: WaterRegime, efKgPerHaPerDay: Double, sfW: Double, category: FactorCategory) {
        self.firstDay = firstDay
        self.lastDay = lastDay
        self.regime = regime
        self.efKgPerHaPerDay = efKgPerHaPerDay
        self.sfW = sfW
        self.category = category
    }

    public init(_ r: PaddySeasonResult) {
        self.init(firstDay: r.assessment.window.firstDay, lastDay: r.assessment.window.lastDay, regime: r.assessment.regime,
                  efKgPerHaPerDay: r.efKgPerHaPerDay, sfW: r.factors?.sfW ?? 1, category: FactorCategory(r))
    }

    public var days: Int { lastDay - firstDay + 1 }
}

/// The baseline of a project season from the field's look-back: the daily factor, the season
/// length it applies to, the regime (for the N2O baseline) and the IPCC categories with their shares.
public struct FieldBaseline: Sendable, Equatable {
    public var efKgPerHaPerDay: Double
    public var seasonDays: Double
    public var regime: WaterRegime
    public var categories: [(FactorCategory, Double)]
    public var lookbackSeasons: Int

    public static func == (a: FieldBaseline, b: FieldBaseline) -> Bool {
        a.efKgPerHaPerDay == b.efKgPerHaPerDay && a.seasonDays == b.seasonDays && a.regime == b.regime && a.lookbackSeasons == b.lookbackSeasons
            && a.categories.map(\.0) == b.categories.map(\.0) && a.categories.map(\.1) == b.categories.map(\.1)
    }
}

/// One project season of a field under a crediting rule set: baseline and project CH4, the
/// evidence behind the project regime, the N2O of its nitrogen and why it is or is not credited.
public struct CreditingSeason: Sendable {
    public enum Status: String, Sendable, Codable, CaseIterable {
        /// Baseline and project computed as the rule set says.
        case credited
        /// The regime could not be read: counted as continuously flooded in the project.
        case counted_as_flooded = "counted as continuously flooded (regime undetermined)"
        /// The regime could not be read: left out.
        case excluded = "excluded (regime undetermined)"
        /// The field is not eligible.
        case ineligible
    }
    public var window: SeasonWindow
    public var period: Int
    public var areaHa: Double
    public var status: Status
    /// Why the field is ineligible ("" otherwise).
    public var reason: String = ""
    public var baselineCH4Kg = 0.0
    public var projectCH4Kg = 0.0
    /// CH4 reductions not claimed [kg CH4]: by events the evidence does not prove, and by a
    /// regime that could not be read (against the IPCC aggregated factor).
    public var unprovenCH4Kg = 0.0
    public var undeterminedCH4Kg = 0.0
    public var baselineRegime: WaterRegime?
    public var projectRegime: WaterRegime?
    public var eventsCounted = 0
    public var eventsNotCounted = 0
    /// Observed days in the counted events.
    public var observedEventDays = 0
    /// The longest run of days in the season without an observation [d].
    public var longestRevisitGapDays = 0
    /// N applied [kg N] (rate × area), nil when no rate is given.
    public var nitrogenKg: Double?
    public var n2oBaselineKg = 0.0
    public var n2oProjectKg = 0.0
    public var n2oDeductionKg = 0.0
    /// Σ days × area [ha d] per IPCC category, baseline and project.
    public var baselineWeights: [(FactorCategory, Double)] = []
    public var projectWeights: [(FactorCategory, Double)] = []

    public init(window: SeasonWindow, period: Int, areaHa: Double, status: Status) {
        self.window = window
        self.period = period
        self.areaHa = areaHa
        self.status = status
    }

    /// Whether the season counts in the credited totals.
    public var counts: Bool { status == .credited || status == .counted_as_flooded }
}

/// What a crediting rule set makes of one field: its eligibility and its project seasons.
public struct CreditingField: Sendable {
    public var paddyID: String
    public var region: String?
    /// nil when eligible.
    public var ineligibility: String?
    /// The look-back seasons the baselines are built from (empty for a counterfactual rule set).
    public var lookback: [LookbackSeason]
    public var seasons: [CreditingSeason]
}

/// Applies a crediting rule set to fields: the look-back baseline or the counterfactual, the
/// methodology's drainage definition and evidence thresholds for the project, the conservative
/// treatment of seasons whose regime cannot be read, and the N2O of the nitrogen applied.
/// IPCC factors only (the default-factor approach).
public struct CreditingCalculator: Sendable {
    public let rules: CreditingRuleSet
    public let periods: MonitoringPeriods
    /// Seasons ending before this date are the look-back; the others are project seasons.
    public let projectStart: CalendarDate
    public let configuration: RunConfiguration
    /// Look-back seasons: the definition without the depth reached or evidence thresholds, so
    /// that every drainage the data show lowers the baseline (conservative).
    public let lookbackEngine: InventoryEngine
    /// The definition (depth reached) without evidence thresholds: what the data suggest.
    let definitionEngine: InventoryEngine
    /// The definition with its evidence thresholds: what the project is credited for.
    let projectEngine: InventoryEngine

    /// - Parameter configuration: the run's configuration (IPCC parameters, region, seasons,
    ///   amendments); its drainage rule is replaced by the rule set's.
    public init(rules: CreditingRuleSet, periods: MonitoringPeriods, projectStart: CalendarDate, configuration: RunConfiguration) {
        self.rules = rules
        self.periods = periods
        self.projectStart = projectStart
        self.configuration = configuration
        func engine(_ rule: DrainageRule) -> InventoryEngine {
            var c = configuration
            c.drainageRule = rule
            return InventoryEngine(configuration: c)
        }
        var liberal = rules.drainage.withoutEvidenceThresholds
        liberal.reachCm = nil
        lookbackEngine = engine(liberal)
        definitionEngine = engine(rules.drainage.withoutEvidenceThresholds)
        projectEngine = engine(rules.drainage)
    }

    /// The look-back seasons of a paddy of a history file (its accepted seasons).
    public func lookback(_ paddy: Paddy) -> [LookbackSeason] {
        lookbackEngine.evaluate(paddy).results.map(LookbackSeason.init)
    }

    /// A field of the input: `seasons` are its accepted seasons (in order), `history` its
    /// look-back seasons from an earlier file. Seasons ending before the project start join the
    /// look-back; the others are credited, excluded or listed as ineligible.
    public func evaluate(_ paddy: Paddy, seasons: [SeasonWindow], history: [LookbackSeason]) -> CreditingField {
        let cal = paddy.water.calendar
        let startDay = cal.dayNumber(projectStart)
        var lookback = history.filter { $0.lastDay < startDay }
        var project: [(SeasonWindow, SeasonWindow?)] = []
        for (k, w) in seasons.enumerated() {
            let previous = k > 0 ? seasons[k - 1] : nil
            if w.lastDay < startDay {
                if let r = try? lookbackEngine.result(paddy, w, previousSeason: previous) { lookback.append(LookbackSeason(r)) }
            } else {
                project.append((w, previous))
            }
        }
        var field = CreditingField(paddyID: paddy.id, region: paddy.region, ineligibility: nil, lookback: [], seasons: [])
        let supply = configuration.waterSupply(for: paddy) ?? .irrigated
        if !rules.eligibleWaterSupplies.contains(supply) {
            field.ineligibility = "water supply \(supply.rawValue): \(rules.id) credits only \(rules.eligibleWaterSupplies.map(\.rawValue).sorted().joined(separator: ", ")) fields"
        } else {
            switch eligibleLookback(lookback.sorted { $0.lastDay < $1.lastDay }, startDay: startDay, calendar: cal) {
            case .success(let seasons): field.lookback = seasons
            case .failure(let reason): field.ineligibility = reason.text
            }
        }
        let nitrogenRate = configuration.nitrogenRate(for: paddy)
        if field.ineligibility == nil, rules.n2o.deducted, nitrogenRate == nil, !project.isEmpty {
            field.ineligibility = "no nitrogen rate: \(rules.id) deducts the N2O of drained fields; give nitrogen_rate [kg N ha-1] in the input or nitrogen_rate_kg_ha for the region in the run configuration"
        }
        let flooded = lazyFlooded(paddy, seasons: seasons)
        for (w, previous) in project {
            var s = CreditingSeason(window: w, period: periods.index(ofDay: w.lastDay), areaHa: paddy.areaHa, status: .ineligible)
            s.longestRevisitGapDays = longestUnobservedRun(paddy.water, w)
            if let reason = field.ineligibility {
                s.reason = reason
            } else {
                switch seasonBaseline(field.lookback, for: w, calendar: cal) {
                case .failure(let reason): s.reason = reason.text
                case .success(let b):
                    if let r = try? credited(paddy, w, previous, baseline: b, flooded: flooded, nitrogenRate: nitrogenRate, into: s) { s = r }
                }
            }
            field.seasons.append(s)
        }
        return field
    }

    /// A reason a field is ineligible.
    public struct Ineligible: Error, Equatable { public var text: String }

    /// The field's look-back seasons in the rule set's look-back years (sorted by end), or why
    /// the field is ineligible; empty for a counterfactual rule set.
    public func eligibleLookback(_ lookback: [LookbackSeason], startDay: Int, calendar cal: CFCalendar) -> Result<[LookbackSeason], Ineligible> {
        guard case .lookback(let years, let minPerYear, _, let allowed, let undeterminedIneligible, _) = rules.baseline else {
            return .success([])
        }
        let start = cal.date(ofDay: startDay)
        func yearStart(_ k: Int) -> Int {
            let y = start.year - k
            return cal.dayNumber(CalendarDate(year: y, month: start.month, day: min(start.day, cal.daysInMonth(start.month, year: y))))
        }
        func dates(_ s: LookbackSeason) -> String { "\(cal.date(ofDay: s.firstDay))…\(cal.date(ofDay: s.lastDay))" }
        let seasons = lookback.filter { $0.lastDay >= yearStart(years) && $0.lastDay < startDay }
        for k in 1...max(years, 1) {
            let n = seasons.count { $0.lastDay >= yearStart(k) && $0.lastDay < yearStart(k - 1) }
            if n < minPerYear {
                return .failure(Ineligible(text: "look-back: \(n) season(s) ending \(cal.date(ofDay: yearStart(k)))…\(cal.date(ofDay: yearStart(k - 1) - 1)); \(rules.id) needs \(years) years of the field's seasons before the project start \(projectStart) (give earlier seasons with --history)"))
            }
        }
        if undeterminedIneligible, let u = seasons.first(where: { $0.regime == .irrigated_undetermined || $0.regime == .rainfed_undetermined }) {
            return .failure(Ineligible(text: "look-back season \(dates(u)): its water regime cannot be read from the series (too many missing days)"))
        }
        if let bad = seasons.first(where: { !allowed.contains($0.regime) }) {
            return .failure(Ineligible(text: "look-back season \(dates(bad)) was \(bad.regime.rawValue): \(rules.id) credits a change from \(allowed.map(\.rawValue).sorted().joined(separator: " or "))"))
        }
        return .success(seasons)
    }

    /// The baseline of project season `w` from the field's eligible look-back, nil for a
    /// counterfactual rule set. The water regime is the field's most conservative one over the
    /// whole look-back (VM0051 Section 6: single drainage in any year is the baseline of every
    /// year); the rest of the factor (EF_c, SF_p, SF_o) and the season length come from the
    /// look-back seasons of the same time of year (ending within `seasonMatchDays` of `w`'s end,
    /// any year), by the statistic: the lowest, or the mean.
    public func seasonBaseline(_ lookback: [LookbackSeason], for w: SeasonWindow, calendar cal: CFCalendar) -> Result<FieldBaseline?, Ineligible> {
        guard case .lookback(_, _, let statistic, _, _, let matchDays) = rules.baseline else { return .success(nil) }
        func dayOfYear(_ day: Int) -> Int {
            let d = cal.date(ofDay: day)
            return day - cal.dayNumber(CalendarDate(year: d.year, month: 1, day: 1))
        }
        let end = dayOfYear(w.lastDay), year = cal.daysInYear(cal.date(ofDay: w.lastDay).year)
        // Days between the two times of year, the shorter way round the year of `w`'s end.
        let same = lookback.filter { s in
            let gap = abs(dayOfYear(s.lastDay) - end)
            return min(gap, year - gap) <= matchDays
        }
        guard !same.isEmpty, let conservative = lookback.min(by: { $0.sfW < $1.sfW }) else {
            return .failure(Ineligible(text: "no look-back season ends within \(matchDays) days of the time of year of the season ending \(cal.date(ofDay: w.lastDay))"))
        }
        // EF_i of a look-back season with the conservative regime's SF_w instead of its own.
        func ef(_ s: LookbackSeason) -> Double { s.efKgPerHaPerDay / s.sfW * conservative.sfW }
        func category(_ s: LookbackSeason) -> FactorCategory {
            var c = s.category
            c.regime = conservative.regime
            return c
        }
        switch statistic {
        case .most_conservative:
            let lowest = same.min { ef($0) < ef($1) }!
            return .success(FieldBaseline(efKgPerHaPerDay: ef(lowest), seasonDays: Double(lowest.days), regime: conservative.regime,
                                          categories: [(category(lowest), 1)], lookbackSeasons: lookback.count))
        case .mean:
            let n = Double(same.count)
            return .success(FieldBaseline(efKgPerHaPerDay: same.reduce(0) { $0 + ef($1) } / n, seasonDays: same.reduce(0) { $0 + Double($1.days) } / n,
                                          regime: conservative.regime, categories: same.map { (category($0), 1 / n) }, lookbackSeasons: lookback.count))
        }
    }

    /// The paddy continuously flooded in its seasons (counterfactual baseline; undetermined
    /// seasons counted as flooded), computed when first needed.
    private func lazyFlooded(_ paddy: Paddy, seasons: [SeasonWindow]) -> () -> Paddy {
        let level: Double
        if case .counterfactual(let l) = rules.baseline { level = l } else { level = 5 }
        return {
            var p = paddy
            p.seasons = seasons
            p.water = WaterTransform.continuousFlooding(levelCm: level)
                .apply(to: paddy.water, seasons: seasons, endSeasonDrainageDays: configuration.detection.endSeasonDrainageDays)
            return p
        }
    }

    /// One project season of an eligible field.
    private func credited(_ paddy: Paddy, _ w: SeasonWindow, _ previous: SeasonWindow?, baseline: FieldBaseline?,
                          flooded: () -> Paddy, nitrogenRate: Double?, into s: CreditingSeason) throws(Rejection) -> CreditingSeason {
        var s = s
        s.status = .credited
        let area = paddy.areaHa
        let shown = try definitionEngine.result(paddy, w, previousSeason: previous)
        var project = try projectEngine.result(paddy, w, previousSeason: previous)
        if let b = baseline {
            let days = min(Double(w.days), b.seasonDays)
            s.baselineCH4Kg = b.efKgPerHaPerDay * days * area
            s.baselineRegime = b.regime
            s.baselineWeights = b.categories.map { ($0.0, $0.1 * days * area) }
        } else {
            let cf = try projectEngine.result(flooded(), w, previousSeason: previous)
            s.baselineCH4Kg = cf.ch4Kg
            s.baselineRegime = cf.assessment.regime
            s.baselineWeights = [(FactorCategory(cf), Double(w.days) * area)]
        }
        let regime = project.assessment.regime
        if regime == .irrigated_undetermined || regime == .rainfed_undetermined {
            switch rules.undeterminedRegime {
            case .exclude:
                s.status = .excluded
                s.undeterminedCH4Kg = s.baselineCH4Kg - project.ch4Kg
                s.baselineCH4Kg = 0
                s.baselineWeights = []
                return s
            case .continuous_flooding:
                let cf = try projectEngine.result(flooded(), w, previousSeason: previous)
                s.status = .counted_as_flooded
                s.undeterminedCH4Kg = cf.ch4Kg - project.ch4Kg
                project = cf
            }
        } else {
            s.unprovenCH4Kg = project.ch4Kg - shown.ch4Kg
            s.eventsNotCounted = shown.assessment.events.count - project.assessment.events.count
        }
        s.projectCH4Kg = project.ch4Kg
        s.projectRegime = project.assessment.regime
        s.projectWeights = [(FactorCategory(project), Double(w.days) * area)]
        s.eventsCounted = project.assessment.events.count
        s.observedEventDays = project.assessment.events.reduce(0) { $0 + $1.observedDays }
        if let rate = nitrogenRate, let b = s.baselineRegime, let p = s.projectRegime {
            let n = rate * area
            s.nitrogenKg = n
            s.n2oBaselineKg = rules.n2o.factors.n2oKg(nitrogenKg: n, regime: b)
            s.n2oProjectKg = rules.n2o.factors.n2oKg(nitrogenKg: n, regime: p)
            s.n2oDeductionKg = rules.n2o.deductionKg(nitrogenKg: n, baseline: b, project: p)
        }
        return s
    }
}

/// The longest run of days in `window` without an observation (interpolated or missing) [d].
func longestUnobservedRun(_ series: DailyWaterSeries, _ window: SeasonWindow) -> Int {
    var longest = 0, run = 0
    for i in series.indices(of: window.range) {
        run = series.quality[i] == .observed ? 0 : run + 1
        longest = max(longest, run)
    }
    return longest
}
