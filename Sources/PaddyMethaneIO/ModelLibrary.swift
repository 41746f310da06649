public import PaddyMethane
public import Foundation

/// The parameter files under `models/`: IPCC parameter sets, GWP values, drainage rules and the
/// water-detection settings. Every default number the engine uses is read from here.
public struct ModelLibrary: Sendable {
    public let directory: URL

    public init(directory: URL) {
        self.directory = directory
    }

    /// `models/` next to the working directory, or beside the package the executable was built in,
    /// or the folder named by `PADDYMETHANE_MODELS`.
    public static func locate(executable: String = CommandLine.arguments[0]) -> ModelLibrary? {
        var candidates: [URL] = []
        if let env = ProcessInfo.processInfo.environment["PADDYMETHANE_MODELS"] { candidates.append(URL(fileURLWithPath: env)) }
        candidates.append(URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent("models"))
        var dir = URL(fileURLWithPath: executable).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<5 { candidates.append(dir.appendingPathComponent("models")); dir.deleteLastPathComponent() }
        return candidates.first { FileManager.default.fileExists(atPath: $0.appendingPathComponent("ipcc-2019.yaml").path) }
            .map(ModelLibrary.init(directory:))
    }

    /// A file of the library, or a path given by the user.
    public func url(for nameOrPath: String) -> URL {
        if nameOrPath.hasSuffix(".yaml") || nameOrPath.contains("/") { return URL(fileURLWithPath: nameOrPath) }
        return directory.appendingPathComponent(nameOrPath + ".yaml")
    }

    /// Loads and validates a parameter set by id (`ipcc-2019`) or path. Its tables keyed by water
    /// regime, pre-season status and amendment type accept only those categories' tokens.
    public func parameterSet(_ nameOrPath: String) throws -> (ParameterSet, URL) {
        let url = url(for: nameOrPath)
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw ModelError(url: url, message: "no parameter set \"\(nameOrPath)\"" + Self.choice(nameOrPath, among: parameterSetIDs()))
        }
        let file: ParameterSetFile = try decode(url, tokenKeys: ParameterSetFile.tokenKeys)
        do { return (try file.validated(), url) } catch { throw ModelError(url: url, message: error.description) }
    }

    /// The ids of the parameter sets in the library: its files with a top-level `tier` key.
    func parameterSetIDs() -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { name in
            guard name.hasSuffix(".yaml"), let text = try? String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8) else { return false }
            return text.split(separator: "\n").contains { $0.hasPrefix("tier:") }
        }.map { String($0.dropLast(5)) }.sorted()
    }

    public func gwp(_ id: String) throws -> GWP {
        let url = url(for: "gwp")
        let table: [String: GWPEntry] = try decode(url)
        guard let entry = table[id.lowercased()] else {
            throw ModelError(url: url, message: "no GWP \"\(id)\"" + Self.choice(id, among: Array(table.keys)))
        }
        return GWP(id: id.lowercased(), value: entry.value, source: entry.source)
    }

    public func drainageRule(_ name: String) throws -> DrainageRule {
        let url = url(for: "drainage-rules")
        let table: [String: RuleEntry] = try decode(url)
        guard let e = table[name] else {
            throw ModelError(url: url, message: "no drainage rule \"\(name)\"" + Self.choice(name, among: Array(table.keys)))
        }
        return DrainageRule(name: name, thresholdCm: e.threshold_cm, minDays: e.min_days, reachCm: e.reach_cm,
                            excludeEndSeasonDrainage: e.exclude_end_season_drainage, source: e.source)
    }

    /// The CH4MOD parameter file (`models/ch4mod.yaml`), decoded strictly, and its model
    /// parameters; its amendment pools are keyed by amendment type, one for every type (a paddy
    /// may have any), with shares between 0 and 1.
    public func ch4mod() throws -> (parameters: CH4MODParameters, file: CH4MODParametersFile, url: URL) {
        let url = url(for: "ch4mod")
        let file: CH4MODParametersFile = try decode(url, tokenKeys: CH4MODParametersFile.tokenKeys)
        do { return (try file.validated(), file, url) } catch { throw ModelError(url: url, message: error.description) }
    }

    /// The process model with the monthly air temperatures of a climatology, and where they came from.
    public struct ProcessSetup: Sendable {
        public let model: CH4MODEmissionModel
        public let climateName: String
        public let climatology: CH4MODClimatology
        public let parameterFile: URL
    }

    /// The process model with the climatology `climate` (default: the parameter file's
    /// `defaults.climate`), the climatologies of `climateByRegion` (region → name) for paddies of
    /// those regions, and the daily temperatures of `weather` files (`WeatherFile`).
    public func processMethod(climate requested: String?, weather: [String] = [], climateByRegion: [String: String] = [:]) throws -> ProcessSetup {
        let (p, file, url) = try ch4mod()
        func normals(_ name: String) throws -> CH4MODClimatology {
            guard let c = file.climatology(name) else {
                throw ModelError(url: url, message: "no climatology \"\(name)\" with 12 monthly values" + Self.choice(name, among: file.climatologyNames))
            }
            return c
        }
        let climate = requested ?? file.defaultClimate
        let normal = try normals(climate)
        let daily = try weather.isEmpty ? nil : WeatherFile.load(weather, limits: try detectionSettings())
        var model = CH4MODEmissionModel(model: CH4MOD(parameters: p), climate: normal, climateName: climate, weather: daily)
        model.climateByRegion = try climateByRegion.mapValues { NamedClimatology(name: $0, climatology: try normals($0)) }
        return ProcessSetup(model: model, climateName: climate, climatology: normal, parameterFile: url)
    }

    /// Defaults of the counterfactual managements (`models/water-management.yaml`).
    public func managementDefaults() throws -> ManagementDefaults { try decode(url(for: "water-management")) }

    public func detectionSettings() throws -> DetectionSettings {
        let url = url(for: "water-detection")
        let settings: DetectionSettings = try decode(url)
        guard (0...1).contains(settings.validRangeNoteMinShare) else {
            throw ModelError(url: url, message: "valid_range_note_min_share must be between 0 and 1")
        }
        let f = settings.floodStatus
        guard (0..<1).contains(f.floodedAboveFraction) else {
            throw ModelError(url: url, message: "flood_status.flooded_above_fraction must be at least 0 and below 1")
        }
        guard f.floodedLevelCm >= settings.floodedMinCm, f.floodedLevelCm <= settings.deepWaterCm, f.notFloodedLevelCm < 0, f.maxGapDays >= 1 else {
            throw ModelError(url: url, message: "flood_status: flooded_level_cm must lie between flooded_min_cm and deep_water_cm, not_flooded_level_cm below 0 (the soil surface), max_gap_days at least 1")
        }
        return settings
    }

    /// Cell-area settings of grids (`models/grid-cells.yaml`): the default ellipsoid.
    public func gridCellSettings() throws -> GridCellSettings {
        let url = url(for: "grid-cells")
        let settings: GridCellSettings = try decode(url)
        let e = settings.defaultEllipsoid
        guard e.semiMajorAxisM > 0, e.inverseFlattening == 0 || e.inverseFlattening > 1 else {
            throw ModelError(url: url, message: "default_ellipsoid: semi_major_axis_m must be positive and inverse_flattening 0 (a sphere) or above 1")
        }
        return settings
    }

    private func decode<T: Decodable>(_ url: URL, tokenKeys: [StrictYAML.TokenKeys] = []) throws -> T {
        try Self.decodeFile(url, tokenKeys: tokenKeys)
    }

    /// Decodes one YAML parameter file, refusing keys the file's schema does not have.
    static func decodeFile<T: Decodable>(_ url: URL, tokenKeys: [StrictYAML.TokenKeys] = []) throws(YAMLFileError) -> T {
        try StrictYAML.decodeFile(T.self, path: url.path, tokenKeys: tokenKeys)
    }

    /// "; did you mean …? known: …" for a name looked up in a table.
    public static func choice(_ name: String, among known: [String]) -> String {
        StrictYAML.suggestion(name, known) + "; known: \(known.sorted().joined(separator: ", "))"
    }

    private struct GWPEntry: Decodable { var value: Double; var source: String }
    private struct RuleEntry: Decodable {
        var threshold_cm: Double
        var min_days: Int
        var reach_cm: Double?
        var exclude_end_season_drainage: Bool
        var source: String
    }
}

/// A parameter file that cannot be used.
public struct ModelError: Error, CustomStringConvertible {
    public let url: URL
    public let message: String
    public var description: String { "\(url.path): \(message)" }
}
