public import PaddyMethane
import Foundation

/// A region named in a file (an adoption share, a run configuration block, a Tier 2 override),
/// which must be the region of at least one paddy of the input: a misspelt name would otherwise
/// silently apply the default instead.
public struct RegionReference: Sendable, Equatable {
    public var file: String
    /// Where in the file, e.g. `scenarios[0].adoption.regions.Battambang`.
    public var keyPath: String
    public var region: String

    public init(file: String, keyPath: String, region: String) {
        self.file = file
        self.keyPath = keyPath
        self.region = region
    }

    /// The references of a table keyed by region at `keyPath` (`"*"`, all other regions, is none).
    public static func table(_ regions: some Sequence<String>, file: String, keyPath: String) -> [RegionReference] {
        regions.filter { $0 != "*" }.sorted().map { RegionReference(file: file, keyPath: "\(keyPath).\($0)", region: $0) }
    }

    /// The Tier 2 region overrides of a parameter set read from `file`.
    public static func overrides(of parameters: ParameterSet, file: String) -> [RegionReference] {
        table((parameters.regions ?? [:]).keys, file: file, keyPath: "regions")
    }

    /// Throws for the first reference to a region that no paddy has, listing the regions present.
    public static func check(_ references: [RegionReference], present: Set<String>) throws(YAMLFileError) {
        guard let missing = references.first(where: { !present.contains($0.region) }) else { return }
        let known = present.sorted()
        throw YAMLFileError(path: missing.file, keyPath: missing.keyPath,
                            message: "no paddy of the input is in region \"\(missing.region)\"" + StrictYAML.suggestion(missing.region, known)
                                + "; regions present: " + (known.isEmpty ? "none (the input has no region variable)" : known.joined(separator: ", ")))
    }
}
