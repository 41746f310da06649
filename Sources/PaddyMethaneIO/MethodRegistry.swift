public import PaddyMethane
public import Foundation

/// The emission methods a run (`run --method`) or a scenario file (`method:`) can name. Both
/// decode the name strictly (an unknown name is refused with the nearest one and the list).
public enum EmissionMethodName: String, Sendable, Decodable, CaseIterable {
    /// IPCC Tier 1 or Tier 2 emission factors (the parameter set says which).
    case ipcc
    /// The CH4MOD daily process model.
    case process
}

/// How each method's model is built from `models/`: one entry per `EmissionMethodName`. Adding
/// an emission model is its conforming type (one file in PaddyMethane) and one case here.
public enum MethodRegistry {
    /// A built method: the engine and the provenance of the model's own files.
    public struct Built: Sendable {
        public var engine: InventoryEngine
        public var method: MethodProvenance
        /// The process model's weather files, read (nil: none given).
        public var weather: DailyWeather? = nil
    }

    /// Builds the engine of `name` over `configuration`.
    public static func build(_ name: EmissionMethodName, configuration: RunConfiguration, request: RunRequest,
                             library: ModelLibrary) throws -> Built {
        switch name {
        case .ipcc:
            guard request.climateByRegion.isEmpty else { throw RunRequestError(key: .climateByRegion, detail: "is read by the process model only: add --method process (method: process in a scenario file) or leave it out") }
            guard request.weather.isEmpty else { throw RunRequestError(key: .weather, detail: "is read by the process model only: add --method process (method: process in a scenario file) or leave it out") }
            return Built(engine: InventoryEngine(configuration: configuration, model: IPCCEmissionModel(configuration: configuration)),
                         method: MethodProvenance(name: configuration.parameters.tier))
        case .process:
            let process = try library.processMethod(climate: request.climate, weather: request.weather, climateByRegion: request.climateByRegion)
            var model = process.model
            model.recordDaily = request.recordDaily
            var engine = InventoryEngine(configuration: configuration, model: model)
            engine.processUncertainty = ProcessUncertainty(model: model, ranged: try library.ch4mod().file.rangedParameters)
            return Built(engine: engine,
                         method: MethodProvenance(
                            name: "process-ch4mod",
                            files: [.init(role: "process_parameters", url: process.parameterFile)] + request.weather.map { ProvenanceFile(role: "weather", path: $0) },
                            climate: process.climateName,
                            temperature: "each day the first of: the input's soil_temperature or air_temperature, "
                                + (request.weather.isEmpty ? "" : "the weather file's series for the paddy, then for its region (\(request.weather.joined(separator: ", "))), ")
                                + "the monthly air temperature climatology '\(process.climateName)' (\(process.climatology.source))"
                                + (request.climateByRegion.isEmpty ? "" : " or, by region, " + request.climateByRegion.sorted { $0.key < $1.key }.map { "\($0.key): '\($0.value)'" }.joined(separator: ", "))
                                + "; soil temperature from air temperature per models/ch4mod.yaml; see the temperature_source column"),
                         weather: model.weather)
        }
    }
}

/// What a run (or one engine of a scenario file) asks for, by name, before anything is loaded.
public struct RunRequest: Sendable {
    public var method: EmissionMethodName = .ipcc
    /// Parameter set id under `models/` or a YAML path.
    public var parameters = "ipcc-2019"
    public var ipccRegion: String?
    public var drainageRule = "ipcc"
    public var gwp = "ar5"
    /// Default organic amendments, `TYPE:RATE` [t ha⁻¹].
    public var amendments: [String] = []
    /// Run configuration file (seasons, amendments, water supply by region).
    public var config: String?
    /// Process model: climatology name (nil: the parameter file's default).
    public var climate: String?
    /// Process model: climatology names by region (`--climate-by-region`), instead of `climate` there.
    public var climateByRegion: [String: String] = [:]
    /// Where `climateByRegion` was given, for the check that each region is some paddy's.
    public var climateByRegionOrigin = (file: "--climate-by-region", keyPath: "climate_by_region")
    /// Process model: weather files (daily air or soil temperature by paddy or region).
    public var weather: [String] = []
    /// Process model: keep each season's daily emission.
    public var recordDaily = false

    public init() {}
}

/// A file a configuration was built from, for the manifest (which records its SHA-256).
public struct ProvenanceFile: Sendable, Equatable {
    /// What the file is for: `parameters`, `detection`, `run_config`, `process_parameters`.
    public var role: String
    /// As given (a relative path stays relative).
    public var path: String

    public init(role: String, url: URL) {
        self.init(role: role, path: url.path)
    }

    public init(role: String, path: String) {
        self.role = role
        self.path = path
    }
}

/// The method's part of the provenance.
public struct MethodProvenance: Sendable, Equatable {
    /// The `method` column: `tier1`, `tier2`, `process-ch4mod`.
    public var name: String
    public var files: [ProvenanceFile] = []
    public var climate: String?
    /// How the process model's temperatures were obtained.
    public var temperature: String?
}

/// Where every part of a run's configuration came from: ids, files with SHA-256 and values.
public struct ConfigurationProvenance: Sendable, Equatable {
    public var method: MethodProvenance
    public var parameterSetID: String
    /// Every file used, with its role (parameters, detection, run configuration, the method's files).
    public var files: [ProvenanceFile]
    /// The IPCC region asked for; nil: per paddy region, else global.
    public var ipccRegion: String?
    public var drainageRule: String
    public var drainageRuleSource: String
    public var gwpID: String
    public var gwpValue: Double
    public var gwpSource: String
    /// Default amendments as given (`TYPE:RATE`).
    public var defaultAmendments: [String]

    /// The file with role `role`, if any.
    public func file(_ role: String) -> ProvenanceFile? { files.first { $0.role == role } }
}

/// A run configuration assembled from a request: the engine, the regions its files name and the
/// provenance.
public struct RunSetup: Sendable {
    public var engine: InventoryEngine
    public var namedRegions: [RegionReference]
    public var provenance: ConfigurationProvenance
    /// The process model's weather files, read (nil: none given).
    public var weather: DailyWeather? = nil
}

/// A request that names something the models do not have; `key` is the option or YAML key.
public struct RunRequestError: Error, CustomStringConvertible, Sendable {
    public enum Key: Sendable { case ipccRegion, amendment, weather, climateByRegion }
    public let key: Key
    /// The message after the key's name.
    public let detail: String
    public var description: String { detail }
}

extension ModelLibrary {
    /// Assembles the configuration of a run from `request`: parameter set (with the IPCC region
    /// check), detection settings, drainage rule, GWP, the run configuration file (relative paths
    /// from `configDirectory`), default amendments, and the method's model from `MethodRegistry`.
    public func runSetup(_ request: RunRequest, configDirectory: String? = nil) throws -> RunSetup {
        let (parameterSet, parameterURL) = try parameterSet(request.parameters)
        if let r = request.ipccRegion, parameterSet.baselineEFKgPerHaPerDay[r] == nil {
            throw RunRequestError(key: .ipccRegion, detail: "\(r) is not in \(parameterSet.id)" + Self.choice(r, among: Array(parameterSet.baselineEFKgPerHaPerDay.keys)))
        }
        let amendments = try request.amendments.map(Self.amendment)
        var namedRegions = RegionReference.overrides(of: parameterSet, file: parameterURL.path)
            + RegionReference.table(request.climateByRegion.keys, file: request.climateByRegionOrigin.file,
                                    keyPath: request.climateByRegionOrigin.keyPath)
        var configuration = RunConfiguration(
            parameters: parameterSet, detection: try detectionSettings(),
            drainageRule: try drainageRule(request.drainageRule), gwp: try gwp(request.gwp),
            ipccRegion: request.ipccRegion)
        var files = [ProvenanceFile(role: "parameters", url: parameterURL),
                     ProvenanceFile(role: "detection", url: url(for: "water-detection"))]
        if let path = request.config {
            let resolved = path.hasPrefix("/") || configDirectory == nil ? path : URL(fileURLWithPath: configDirectory!).appendingPathComponent(path).path
            let file = try RunConfigFile.load(resolved)
            file.apply(to: &configuration)
            namedRegions += file.namedRegions
            files.append(ProvenanceFile(role: "run_config", path: resolved))
        }
        if !amendments.isEmpty { configuration.amendmentsByRegion["*"] = amendments }
        let built = try MethodRegistry.build(request.method, configuration: configuration, request: request, library: self)
        let provenance = ConfigurationProvenance(
            method: built.method, parameterSetID: parameterSet.id, files: files + built.method.files,
            ipccRegion: request.ipccRegion, drainageRule: configuration.drainageRule.name,
            drainageRuleSource: configuration.drainageRule.source, gwpID: configuration.gwp.id,
            gwpValue: configuration.gwp.value, gwpSource: configuration.gwp.source, defaultAmendments: request.amendments)
        return RunSetup(engine: built.engine, namedRegions: namedRegions, provenance: provenance, weather: built.weather)
    }

    /// One `TYPE:RATE` default amendment [t ha⁻¹].
    static func amendment(_ text: String) throws(RunRequestError) -> OrganicAmendment {
        let parts = text.split(separator: ":")
        guard parts.count == 2, let type = AmendmentType(token: String(parts[0])), let rate = Double(parts[1]), rate >= 0 else {
            throw RunRequestError(key: .amendment, detail: "\(text): expected TYPE:RATE with TYPE one of \(AmendmentType.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return OrganicAmendment(type: type, rateTPerHa: rate)
    }
}
