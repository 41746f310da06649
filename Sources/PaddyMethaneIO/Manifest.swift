import PaddyMethane
public import Foundation

/// A file a run depends on: where it was and its SHA-256 when the run started.
public struct FileRecord: Sendable, Equatable, Codable {
    public var path: String
    public var sha256: String

    /// Records the file at `path` with its current checksum.
    public init(path: String) throws {
        self.path = path
        sha256 = try ChecksumFile.sha256(path)
    }

    /// Records the file whose checksum is being computed beside the run.
    init(_ pending: PendingChecksum) throws {
        path = pending.path
        sha256 = try pending.value()
    }
}

/// How paddy-seasons were computed: the method, its parameters, drainage rule and GWP.
public struct MethodRecord: Sendable, Equatable, Codable {
    /// `tier1`, `tier2` (by the parameter set) or `process-ch4mod`.
    public var name: String
    /// The IPCC parameter set (the factors, or the reference factors beside the process model).
    public var parameterSet: String
    public var ipccRegion: String
    public var drainageRule: String
    public var drainageRuleSource: String
    public var gwp: GWPRecord

    public struct GWPRecord: Sendable, Equatable, Codable {
        public var id: String
        /// CO2e per kg CH4 [kg].
        public var value: Double
        public var source: String
    }

    enum CodingKeys: String, CodingKey {
        case name, parameterSet = "parameter_set", ipccRegion = "ipcc_region", drainageRule = "drainage_rule"
        case drainageRuleSource = "drainage_rule_source", gwp
    }

    public init(_ p: ConfigurationProvenance) {
        name = p.method.name
        parameterSet = p.parameterSetID
        ipccRegion = p.ipccRegion ?? "per paddy region, else global"
        drainageRule = p.drainageRule
        drainageRuleSource = p.drainageRuleSource
        gwp = GWPRecord(id: p.gwpID, value: p.gwpValue, source: p.gwpSource)
    }
}

/// The Monte Carlo of a run.
public struct MonteCarloRecord: Sendable, Equatable, Codable {
    public var draws: Int
    public var seed: UInt64
    public var distribution = "lognormal factors with median at the published value; normal activity-data errors, sigma = U95 / 1.96"
    /// Base year of the Approach 1 trend columns, when given.
    public var baseYear: Int? = nil

    enum CodingKeys: String, CodingKey { case draws, seed, distribution, baseYear = "base_year" }

    /// The distribution of the process model's draws (`CH4MODParameterDraws`).
    static let processDistribution = "CH4MOD parameters with low/high in the process parameter file, each uniform over its range; one parameter set per draw for every paddy-season and scenario"
}

/// One scenario of a scenario run and how it was computed.
public struct ScenarioRecord: Sendable, Equatable, Codable {
    public var name: String
    public var method: MethodRecord
}

/// The crediting view of a scenario run: the rule set (its id, title and the SHA-256 of its
/// file, also under `files.crediting_rule_set`), the GWPs it binds and the periods.
public struct CreditingRecord: Sendable, Equatable, Codable {
    public var ruleSet: String
    public var title: String
    public var ruleSetSHA256: String
    public var gwp: String
    public var gwpCH4: Double
    public var gwpN2O: Double
    public var projectStart: String
    public var periodStart: String
    public var periodMonths: Int

    enum CodingKeys: String, CodingKey {
        case ruleSet = "rule_set", title, ruleSetSHA256 = "rule_set_sha256", gwp, gwpCH4 = "gwp_ch4", gwpN2O = "gwp_n2o"
        case projectStart = "project_start", periodStart = "period_start", periodMonths = "period_months"
    }
}

/// Everything a run was started with: what must agree between the shards of one run.
public struct RunSettings: Sendable, Equatable, Codable {
    public var software = "PaddyMethane \(PaddyMethaneVersion.string)"
    /// `run` or `scenarios`.
    public var command: String
    /// The files the run read, by role (`input`, `parameters`, `detection`, …): unique roles.
    public var files: [String: FileRecord]
    public var maxGapDays: Int
    public var strict: Bool
    /// How the baseline (for `run`: every) paddy-season was computed.
    public var method: MethodRecord
    /// Amendments given with `--amendment` for paddies whose input gives none (TYPE:RATE).
    public var defaultAmendments: [String]?
    /// The process model's temperature source.
    public var temperature: String?
    /// Absent when no Monte Carlo ran (0 draws or a process-model baseline).
    public var monteCarlo: MonteCarloRecord?
    public var scenarioTitle: String?
    /// The scenarios, the baseline first.
    public var scenarios: [ScenarioRecord]?
    /// The inventory year (`--inventory-year`): only seasons harvested in it are in the totals.
    public var inventoryYear: Int?
    public var crediting: CreditingRecord?

    enum CodingKeys: String, CodingKey {
        case software, command, files, maxGapDays = "max_gap_days", strict, method, defaultAmendments = "default_amendments"
        case temperature, monteCarlo = "monte_carlo", scenarioTitle = "scenario_title", scenarios, inventoryYear = "inventory_year", crediting
    }

    /// - Parameter files: (role, path) of every file besides the input; a role given twice with
    ///   the same path is recorded once, with another path as `role_2`, `role_3`, ….
    /// - Parameter inputChecksum: the input's checksum, started beside the run (its path is `input`).
    public init(command: String, input: String?, inputChecksum: PendingChecksum? = nil, maxGapDays: Int, strict: Bool,
                method: ConfigurationProvenance, files: [(role: String, path: String)]) throws {
        precondition(inputChecksum == nil || inputChecksum?.path == input, "the pending checksum is the input's")
        self.command = command
        self.maxGapDays = maxGapDays
        self.strict = strict
        self.method = MethodRecord(method)
        var records: [String: FileRecord] = [:]
        if let inputChecksum { records["input"] = try FileRecord(inputChecksum) } else if let input { records["input"] = try FileRecord(path: input) }
        for (role, path) in files {
            var key = role, n = 1
            while let existing = records[key], existing.path != path {
                n += 1
                key = "\(role)_\(n)"
            }
            if records[key] == nil { records[key] = try FileRecord(path: path) }
        }
        self.files = records
    }

    /// A field book's plot sheet as a file record: the input is its readings file.
    private static func plotSheet(_ plots: String?) -> [(role: String, path: String)] { plots.map { [(role: "plot_sheet", path: $0)] } ?? [] }

    /// The settings of `run`: `input` (water series; `plots`, a field book's plot sheet, recorded
    /// as `plot_sheet`) or `activityData` (statistics), or both.
    public static func run(input: String?, inputChecksum: PendingChecksum? = nil, plots: String? = nil, activityData: String? = nil, maxGapDays: Int,
                           strict: Bool, setup: RunSetup, draws: Int, seed: UInt64, baseYear: Int? = nil) throws -> RunSettings {
        let p = setup.provenance
        var s = try RunSettings(command: "run", input: input, inputChecksum: inputChecksum, maxGapDays: maxGapDays, strict: strict, method: p,
                                files: plotSheet(plots) + p.files.map { (role: $0.role, path: $0.path) } + (activityData.map { [(role: "activity_data", path: $0)] } ?? []))
        s.defaultAmendments = p.defaultAmendments.isEmpty ? nil : p.defaultAmendments
        s.temperature = p.method.temperature
        if setup.engine.usesIPCCFactors && draws > 0 { s.monteCarlo = MonteCarloRecord(draws: draws, seed: seed, baseYear: baseYear) }
        if setup.engine.processUncertainty != nil && draws > 0 {
            s.monteCarlo = MonteCarloRecord(draws: draws, seed: seed, distribution: MonteCarloRecord.processDistribution)
        }
        return s
    }

    /// The settings of `scenarios`: the plan's files (the plot sheet and the `--history` file),
    /// every scenario's method and the crediting view.
    public static func scenarios(input: String, inputChecksum: PendingChecksum? = nil, plots: String? = nil, maxGapDays: Int, strict: Bool,
                                 plan: ScenarioPlan, history: String? = nil) throws -> RunSettings {
        var s = try RunSettings(command: "scenarios", input: input, inputChecksum: inputChecksum, maxGapDays: maxGapDays, strict: strict,
                                method: plan.configurations[0],
                                files: plotSheet(plots) + plan.files.map { (role: $0.0, path: $0.1) } + (history.map { [(role: "history", path: $0)] } ?? []))
        if let c = plan.crediting {
            s.crediting = CreditingRecord(ruleSet: c.rules.id, title: c.rules.title, ruleSetSHA256: s.files["crediting_rule_set"]?.sha256 ?? "",
                                          gwp: c.rules.gwpID, gwpCH4: c.rules.gwpCH4, gwpN2O: c.rules.gwpN2O,
                                          projectStart: c.projectStart.description, periodStart: c.periodStart.description,
                                          periodMonths: c.periodMonths)
        }
        s.scenarioTitle = plan.title
        s.scenarios = zip(["baseline"] + plan.scenarios.map(\.name), plan.configurations).map { ScenarioRecord(name: $0, method: MethodRecord($1)) }
        s.monteCarlo = plan.monteCarloRecord
        return s
    }
}

/// The counts that reconcile a run, and its totals.
public struct RunCounts: Sendable, Equatable, Codable {
    public var status: String
    public var paddiesRead, paddiesWithResults, paddiesRejected, paddySeasons, seasonRejections: Int
    /// With an inventory year: paddies whose every season is harvested in another year, and the
    /// seasons left out (`out_of_scope.csv`); absent without one.
    public var paddiesOutOfScope, seasonsOutOfScope: Int?
    /// paddies_read = paddies_with_results + paddies_rejected (+ paddies_out_of_scope).
    public var reconciled: Bool
    public var waterLevelValues, waterLevelMaskedFillOrMissing, waterLevelMaskedValidRange, waterLevelMaskedNaN: Int
    public var totalAreaHa, totalCH4Kg, totalCO2eT: Double
    /// The process model's draws under which some paddy-season failed its model check, each with
    /// the count and the first such season (those draws are left out of every interval); absent
    /// without process-model draws.
    public var failedDraws: [String]?

    enum CodingKeys: String, CodingKey {
        case status, paddiesRead = "paddies_read", paddiesWithResults = "paddies_with_results", paddiesRejected = "paddies_rejected"
        case paddySeasons = "paddy_seasons", seasonRejections = "season_rejections", reconciled
        case paddiesOutOfScope = "paddies_out_of_scope", seasonsOutOfScope = "seasons_out_of_scope"
        case waterLevelValues = "water_level_values", waterLevelMaskedFillOrMissing = "water_level_masked_fill_or_missing"
        case waterLevelMaskedValidRange = "water_level_masked_valid_range", waterLevelMaskedNaN = "water_level_masked_nan"
        case totalAreaHa = "total_area_ha", totalCH4Kg = "total_ch4_kg", totalCO2eT = "total_co2e_t"
        case failedDraws = "monte_carlo_failed_draws"
    }

    /// - Parameter scoped: whether the run had an inventory year (the out-of-scope counts apply).
    public init(_ s: RunSummary, scoped: Bool = false) {
        status = s.status
        paddiesRead = s.paddiesRead
        paddiesWithResults = s.paddiesWithResults
        paddiesRejected = s.paddiesRejected
        paddySeasons = s.seasons
        seasonRejections = s.seasonRejections
        if scoped { (paddiesOutOfScope, seasonsOutOfScope) = (s.paddiesOutOfScope, s.seasonsOutOfScope) }
        reconciled = s.paddiesRead == s.paddiesWithResults + s.paddiesRejected + s.paddiesOutOfScope
        waterLevelValues = s.levelMasking.values
        waterLevelMaskedFillOrMissing = s.levelMasking.fillOrMissing
        waterLevelMaskedValidRange = s.levelMasking.validRange
        waterLevelMaskedNaN = s.levelMasking.nan
        totalAreaHa = s.aggregate.total.areaHa
        totalCH4Kg = s.aggregate.total.ch4Kg
        totalCO2eT = s.aggregate.total.co2eT
        failedDraws = s.processDraws.map { p in
            p.failures.keys.sorted().map { d in
                let f = p.failures[d]!
                return "draw \(d + 1) of \(p.draws): \(f.seasons) paddy-season(s) failed the model check, first \(f.reason)"
            }
        }
    }
}

/// When and how a command was invoked.
public struct Invocation: Sendable, Equatable, Codable {
    public var commandLine: String
    public var createdUTC: String

    enum CodingKeys: String, CodingKey { case commandLine = "command_line", createdUTC = "created_utc" }

    public init(commandLine: String, createdUTC: String) {
        self.commandLine = commandLine
        self.createdUTC = createdUTC
    }

    /// This process's command line, now.
    public static func current() -> Invocation {
        Invocation(commandLine: CommandLine.arguments.joined(separator: " "), createdUTC: ISO8601DateFormatter().string(from: Date()))
    }
}

/// `manifest.json`: one flat JSON object with sorted keys, numbers as numbers, each file by its
/// role with path and SHA-256. The README's "manifest.json" section documents every key.
public struct Manifest: Sendable, Equatable, Codable {
    public var invocation: Invocation
    public var settings: RunSettings
    public var counts: RunCounts
    /// The number of shards a merged run was made of.
    public var mergedShards: Int?

    private enum CodingKeys: String, CodingKey { case mergedShards = "merged_shards" }

    public init(invocation: Invocation, settings: RunSettings, summary: RunSummary, mergedShards: Int? = nil) {
        self.invocation = invocation
        self.settings = settings
        counts = RunCounts(summary, scoped: settings.inventoryYear != nil)
        self.mergedShards = mergedShards
    }

    public init(from decoder: any Decoder) throws {
        invocation = try Invocation(from: decoder)
        settings = try RunSettings(from: decoder)
        counts = try RunCounts(from: decoder)
        mergedShards = try decoder.container(keyedBy: CodingKeys.self).decodeIfPresent(Int.self, forKey: .mergedShards)
    }

    public func encode(to encoder: any Encoder) throws {
        try invocation.encode(to: encoder)
        try settings.encode(to: encoder)
        try counts.encode(to: encoder)
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(mergedShards, forKey: .mergedShards)
    }

    /// The JSON text: sorted keys, indented, slashes unescaped, a final newline.
    public var json: Data {
        get throws {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            return try encoder.encode(self) + Data("\n".utf8)
        }
    }
}

extension RunSettings {
    /// Global attributes of a NetCDF file the run writes: the software, the invocation, the
    /// input with its SHA-256 and all the settings as JSON (`run_settings`).
    func attributes(_ invocation: Invocation) -> [(String, String)] {
        var out = [("software", software), ("command_line", invocation.commandLine), ("created_utc", invocation.createdUTC)]
        if let input = files["input"] { out += [("input", input.path), ("input_sha256", input.sha256)] }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        if let json = try? encoder.encode(self) { out.append(("run_settings", String(decoding: json, as: UTF8.self))) }
        return out
    }
}

extension RunSummary {
    /// What the run amounts to, in words, for the manifest.
    var status: String {
        if everyPaddyRejected { return "every paddy was rejected: no emissions were computed (see rejected.csv)" }
        if paddiesRejected + seasonRejections > 0 { return "complete, with rejected paddies or seasons (see rejected.csv)" }
        return "complete"
    }
}
