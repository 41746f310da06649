public import PaddyMethane
import Foundation

/// A scenario file (YAML): the baseline run, named what-if scenarios, the Monte Carlo settings and
/// an optional crediting view. The README documents every key; `data/scenarios-example.yaml`
/// shows them all.
public struct ScenarioPlan: Sendable {
    public var title: String
    public var baseline: InventoryEngine
    public var scenarios: [Scenario]
    /// Draws of the IPCC factor Monte Carlo.
    public var draws: Int
    public var seed: UInt64
    /// Draws over CH4MOD's ranged parameters when the baseline is the process model (0: none).
    public var processDraws = 0
    public var crediting: CreditingSettings?
    /// Files the plan depends on, for the manifest: (role, path); a role may repeat with the same
    /// path (the manifest records it once).
    public var files: [(String, String)]
    /// The provenance of the baseline's configuration, then of each scenario's (for the manifest).
    public var configurations: [ConfigurationProvenance]
    /// Regions named by the plan and the files it uses; each must be the region of some paddy.
    public var namedRegions: [RegionReference] = []
}

/// How emission reductions are credited: the observed practice of the fields (the project)
/// against each field's baseline under a methodology's rule set, in monitoring periods.
public struct CreditingSettings: Sendable {
    public var rules: CreditingRuleSet
    public var periodMonths: Int
    public var periodStart: CalendarDate
    /// Seasons ending before it are the look-back, the others project seasons.
    public var projectStart: CalendarDate

    public var periods: (CFCalendar) -> MonitoringPeriods {
        { MonitoringPeriods(start: periodStart, months: periodMonths, calendar: $0) }
    }
}

/// A problem in a scenario file, naming the file and the key.
public struct ScenarioFileError: Error, CustomStringConvertible {
    public let path: String
    public let message: String
    public var description: String { "\(path): \(message)" }
}

extension ScenarioPlan {
    /// Reads a scenario file, resolving parameter sets and defaults from `library`; `weather`
    /// files (`--weather`) drive the process model of every engine that uses it.
    public static func load(_ path: String, library: ModelLibrary, weather: [String] = []) throws -> ScenarioPlan {
        func fail(_ m: String) -> ScenarioFileError { ScenarioFileError(path: path, message: m) }
        let file = try StrictYAML.decodeFile(FileSpec.self, path: path)
        let management: ManagementDefaults = try library.managementDefaults()
        let scenarioDirectory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        var files: [(String, String)] = [("scenario_file", path), ("management_defaults", library.url(for: "water-management").path),
                                         ("detection", library.url(for: "water-detection").path)]
        var namedRegions: [RegionReference] = []

        var configurations: [ConfigurationProvenance] = []

        func engine(_ spec: EngineSpec?, base: EngineSpec?, at keyPath: String) throws -> InventoryEngine {
            var request = RunRequest()
            request.method = spec?.method ?? base?.method ?? .ipcc
            request.parameters = spec?.parameters ?? base?.parameters ?? "ipcc-2019"
            request.ipccRegion = spec?.ipcc_region ?? base?.ipcc_region
            request.drainageRule = spec?.drainage_rule ?? base?.drainage_rule ?? "ipcc"
            request.gwp = spec?.gwp ?? base?.gwp ?? "ar5"
            request.config = spec?.config ?? base?.config
            request.climate = spec?.climate ?? base?.climate
            // A scenario inherits the baseline's climatologies by region only when it runs the process model.
            let climateByRegion = spec?.climate_by_region.map { ($0, keyPath) }
                ?? (request.method == .process ? base?.climate_by_region.map { ($0, "baseline") } : nil)
            request.climateByRegion = climateByRegion?.0 ?? [:]
            request.climateByRegionOrigin = (path, "\(climateByRegion?.1 ?? keyPath).climate_by_region")
            request.weather = request.method == .process ? weather : []
            let setup: RunSetup
            do { setup = try library.runSetup(request, configDirectory: scenarioDirectory) } catch let e as RunRequestError {
                throw fail("\(e.key == .climateByRegion ? "\(keyPath).climate_by_region" : "ipcc_region") \(e.detail)")
            }
            let p = setup.provenance
            files.append(("parameters_\(p.parameterSetID)", p.file("parameters")!.path))
            if let config = p.file("run_config") { files.append(("run_config", config.path)) }
            if let process = p.file("process_parameters") { files.append(("process_parameters", process.path)) }
            for w in p.files where w.role == "weather" && !files.contains(where: { $0 == ("weather", w.path) }) { files.append(("weather", w.path)) }
            namedRegions += setup.namedRegions
            configurations.append(p)
            return setup.engine
        }

        let baseline = try engine(file.baseline, base: nil, at: "baseline")
        var names = Set<String>()
        var scenarios: [Scenario] = []
        for (i, s) in (file.scenarios ?? []).enumerated() {
            guard !s.name.isEmpty, s.name != "baseline", names.insert(s.name).inserted else {
                throw fail("scenario \(i + 1): name \"\(s.name)\" is empty, \"baseline\" or used twice")
            }
            let e = try engine(s.engine, base: file.baseline, at: "scenarios[\(i)]")
            let water = try waterTransform(s.water, management: management, rule: e.configuration.drainageRule, scenario: s.name, fail: fail)
            let straw = amendmentTransform(s.straw, management: management)
            var adoption = Adoption()
            if let a = s.adoption {
                adoption = Adoption(defaultFraction: a.default ?? 1, byRegion: a.regions ?? [:], waterSupplies: Set(a.water_supply ?? []))
                namedRegions += RegionReference.table(adoption.byRegion.keys, file: path, keyPath: "scenarios[\(i)].adoption.regions")
                for f in [adoption.defaultFraction] + Array(adoption.byRegion.values) where !(0...1).contains(f) {
                    throw fail("scenario \(s.name): adoption fraction \(f) is not between 0 and 1")
                }
            }
            scenarios.append(Scenario(name: s.name, water: water, amendments: straw, adoption: adoption, engine: e))
        }
        var crediting: CreditingSettings? = nil
        if let c = file.crediting {
            crediting = try creditingSettings(c, baseline: baseline, library: library, files: &files, fail: fail)
        }
        if !weather.isEmpty && !configurations.contains(where: { $0.method.name == "process-ch4mod" }) {
            throw fail("--weather is read by the process model only, and no engine of this file has method: process")
        }
        let draws = file.monte_carlo?.draws ?? 1000
        guard draws >= 0 else { throw fail("monte_carlo.draws must not be negative") }
        var plan = ScenarioPlan(title: file.title ?? "", baseline: baseline, scenarios: scenarios, draws: draws,
                                seed: file.monte_carlo?.seed ?? 1, crediting: crediting, files: files,
                                configurations: configurations, namedRegions: deduplicated(namedRegions))
        if baseline.processUncertainty != nil {
            plan.processDraws = try file.monte_carlo?.draws ?? library.ch4mod().file.defaultMonteCarloDraws
        }
        return plan
    }

    /// The `crediting` block: the rule set (`models/crediting/<id>.yaml`), the project start and
    /// the monitoring periods, which never span calendar years (the vintage is the period's year).
    /// The former form (a `baseline_scenario` and a rule of `models/crediting.yaml`) is refused
    /// with the fix.
    private static func creditingSettings(_ c: CreditingSpec, baseline: InventoryEngine, library: ModelLibrary,
                                          files: inout [(String, String)], fail: (String) -> ScenarioFileError) throws -> CreditingSettings {
        if let s = c.baseline_scenario {
            throw fail("crediting.baseline_scenario (\(s)) is no longer read: the methodology's rule set (models/crediting/) builds each field's baseline "
                       + "(its look-back, or the continuous-flooding counterfactual); remove baseline_scenario and name a rule set in crediting.methodology ("
                       + library.creditingRuleSetIDs().joined(separator: ", ") + ")")
        }
        let (rules, ruleFiles) = try library.creditingRuleSet(c.methodology)
        files += ruleFiles
        guard baseline.usesIPCCFactors else {
            throw fail("crediting.methodology \(rules.id) uses IPCC default factors: set baseline.method: ipcc")
        }
        let months = c.period_months ?? 6
        guard (1...rules.maxPeriodMonths).contains(months), 12 % months == 0 else {
            throw fail("crediting.period_months \(months): \(rules.id) takes periods of 1 to \(rules.maxPeriodMonths) months that divide the year (1, 2, 3, 4, 6, 12)")
        }
        guard let start = CalendarDate(iso: Substring(c.period_start ?? "2024-01-01")) else { throw fail("crediting.period_start must be YYYY-MM-DD") }
        guard start.day == 1, (start.month - 1) % months == 0 else {
            throw fail("crediting.period_start \(start): periods of \(months) months must start on the first day of a month so that none spans two calendar years "
                       + "(the vintage is the period's year), e.g. \(start.year)-01-01")
        }
        guard let projectStart = CalendarDate(iso: Substring(c.project_start ?? start.description)) else {
            throw fail("crediting.project_start must be YYYY-MM-DD")
        }
        return CreditingSettings(rules: rules, periodMonths: months, periodStart: start, projectStart: projectStart)
    }

    /// Whether a scenario is drawn in the baseline's Monte Carlo (IPCC factors of the same
    /// parameter set), so that its interval and its differences from the baseline exist.
    func drawsWithBaseline(_ engine: InventoryEngine) -> Bool {
        baseline.factorParameters != nil && engine.factorParameters == baseline.factorParameters
    }

    /// Whether a ledger's engine is drawn in the baseline's process-model Monte Carlo: both the
    /// process model, with the same nominal parameters and ranges (the same parameter sets per draw).
    func processDrawsWithBaseline(_ engine: InventoryEngine) -> Bool {
        guard processDraws > 0, let b = baseline.processUncertainty, let e = engine.processUncertainty else { return false }
        return e.drawsLike(b)
    }

    /// The monte_carlo record of the manifest: the IPCC draws, or the process model's.
    var monteCarloRecord: MonteCarloRecord? {
        if baseline.processUncertainty != nil {
            return processDraws > 0 ? MonteCarloRecord(draws: processDraws, seed: seed, distribution: MonteCarloRecord.processDistribution) : nil
        }
        return draws > 0 ? MonteCarloRecord(draws: draws, seed: seed) : nil
    }

    private static func waterTransform(_ w: WaterSpec?, management m: ManagementDefaults, rule: DrainageRule, scenario: String,
                                       fail: (String) -> ScenarioFileError) throws -> WaterTransform {
        guard let w else { return .observed }
        let ignored = w.given.filter { !w.practice.keys.contains($0) }
        guard ignored.isEmpty else {
            throw fail("scenario \(scenario): water.\(ignored[0]) does not apply to practice \(w.practice.rawValue)"
                       + (w.practice.keys.isEmpty ? " (it takes no settings)" : " (its settings: \(w.practice.keys.joined(separator: ", ")))"))
        }
        switch w.practice {
        case .observed: return .observed
        case .continuous_flooding: return .continuousFlooding(levelCm: w.level_cm ?? m.continuous_flooding.level_cm.value)
        case .mid_season_drainage:
            return .singleMidSeasonDrainage(startFraction: w.start_fraction ?? m.mid_season_drainage.start_fraction.value,
                                            lengthDays: w.length_days ?? Int(m.mid_season_drainage.length_days.value),
                                            levelCm: w.level_cm ?? m.mid_season_drainage.level_cm.value,
                                            floodCm: m.continuous_flooding.level_cm.value)
        case .extend_drainage:
            guard let days = w.days, days > 0 else { throw fail("scenario \(scenario): extend_drainage needs days > 0") }
            return .extendDrainage(days: days, rule: rule, startFraction: w.start_fraction ?? m.mid_season_drainage.start_fraction.value,
                                   levelCm: w.level_cm ?? m.mid_season_drainage.level_cm.value)
        case .safe_awd:
            var a = AWDSettings(m.safe_awd)
            if let v = w.threshold_cm { a.thresholdCm = v }
            if let v = w.reflood_cm { a.refloodCm = v }
            if let v = w.drawdown_cm_per_day { a.defaultDrawdownCmPerDay = v }
            guard a.thresholdCm < 0, a.refloodCm > 0, a.defaultDrawdownCmPerDay > 0 else {
                throw fail("scenario \(scenario): safe_awd needs threshold_cm < 0, reflood_cm > 0 and drawdown_cm_per_day > 0")
            }
            return .safeAWD(a)
        }
    }

    private static func amendmentTransform(_ s: StrawPractice?, management m: ManagementDefaults) -> AmendmentTransform {
        switch s {
        case nil, .unchanged?: .unchanged
        case .remove?: .removeStraw
        case .compost?: .compostStraw(tPerTStraw: m.straw.compost_t_per_t_straw.value)
        case .incorporate_early?: .incorporateStrawEarly
        }
    }

    /// Each region reference once (a parameter set used by several scenarios names its regions once).
    private static func deduplicated(_ refs: [RegionReference]) -> [RegionReference] {
        var seen = Set<String>()
        return refs.filter { seen.insert("\($0.file)\u{0}\($0.keyPath)").inserted }
    }

    // The file's shape.
    private struct FileSpec: Decodable {
        var title: String?
        var baseline: EngineSpec?
        var scenarios: [ScenarioSpec]?
        var monte_carlo: MonteCarloSpec?
        var crediting: CreditingSpec?
    }
    /// How emissions are computed: IPCC factors or the CH4MOD process model.
    /// The water management of a scenario (README, "Scenarios").
    enum WaterPractice: String, Decodable, CaseIterable {
        case observed, continuous_flooding, mid_season_drainage, extend_drainage, safe_awd

        /// The settings of `water` this practice reads.
        var keys: [String] {
            switch self {
            case .observed: []
            case .continuous_flooding: ["level_cm"]
            case .mid_season_drainage: ["start_fraction", "length_days", "level_cm"]
            case .extend_drainage: ["days", "start_fraction", "level_cm"]
            case .safe_awd: ["threshold_cm", "reflood_cm", "drawdown_cm_per_day"]
            }
        }
    }
    /// The straw management of a scenario.
    enum StrawPractice: String, Decodable, CaseIterable { case unchanged, remove, compost, incorporate_early }

    private struct EngineSpec: Decodable {
        var method: EmissionMethodName?
        var parameters: String?
        var drainage_rule: String?
        var gwp: String?
        var ipcc_region: String?
        var climate: String?
        /// Process model: a climatology of models/ch4mod.yaml by region, instead of `climate` there.
        var climate_by_region: [String: String]?
        var config: String?
    }
    /// A scenario: its own keys, and any engine key of the baseline, side by side.
    private struct ScenarioSpec: Decodable {
        var name: String
        var description: String?
        var water: WaterSpec?
        var straw: StrawPractice?
        var adoption: AdoptionSpec?
        var engine: EngineSpec

        enum CodingKeys: String, CodingKey { case name, description, water, straw, adoption }

        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            name = try c.decode(String.self, forKey: .name)
            description = try c.decodeIfPresent(String.self, forKey: .description)
            water = try c.decodeIfPresent(WaterSpec.self, forKey: .water)
            straw = try c.decodeIfPresent(StrawPractice.self, forKey: .straw)
            adoption = try c.decodeIfPresent(AdoptionSpec.self, forKey: .adoption)
            engine = try EngineSpec(from: decoder)
        }
    }
    private struct WaterSpec: Decodable {
        var practice: WaterPractice
        var level_cm: Double?
        var start_fraction: Double?
        var length_days: Int?
        var days: Int?
        var threshold_cm: Double?
        var reflood_cm: Double?
        var drawdown_cm_per_day: Double?

        /// The settings given besides the practice, by key.
        var given: [String] {
            [("level_cm", level_cm), ("start_fraction", start_fraction), ("length_days", length_days.map(Double.init)),
             ("days", days.map(Double.init)), ("threshold_cm", threshold_cm), ("reflood_cm", reflood_cm),
             ("drawdown_cm_per_day", drawdown_cm_per_day)].compactMap { $0.1 == nil ? nil : $0.0 }
        }
    }
    private struct AdoptionSpec: Decodable {
        var `default`: Double?
        var regions: [String: Double]?
        var water_supply: [WaterSupply]?
    }
    private struct MonteCarloSpec: Decodable {
        var draws: Int?
        var seed: UInt64?
    }
    private struct CreditingSpec: Decodable {
        var methodology: String
        var project_start: String?
        var period_months: Int?
        var period_start: String?
        /// The former form's key, read only to say what replaced it.
        var baseline_scenario: String?
    }
}
