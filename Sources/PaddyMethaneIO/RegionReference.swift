public import PaddyMethane
import Foundation

/// A region named in a file (an adoption share, a run configuration block, a Tier 2 override):
/// a misspelt name would otherwise silently apply the default instead. Adoption shares and run
/// configurations are written for one input, so each region they name must be the region of at
/// least one paddy. A national Tier 2 parameter set lists regions an input may not cover, so its
/// override is refused only when its name is a near miss of a region present (a misspelling).
public struct RegionReference: Sendable, Equatable, Codable {
    public var file: String
    /// Where in the file, e.g. `scenarios[0].adoption.regions.Battambang`.
    public var keyPath: String
    public var region: String
    /// Whether some paddy must be in the region (false: only a near miss of a present region fails).
    public var mustExist: Bool

    public init(file: String, keyPath: String, region: String, mustExist: Bool = true) {
        self.file = file
        self.keyPath = keyPath
        self.region = region
        self.mustExist = mustExist
    }

    /// The references of a table keyed by region at `keyPath` (`"*"`, all other regions, is none).
    public static func table(_ regions: some Sequence<String>, file: String, keyPath: String) -> [RegionReference] {
        regions.filter { $0 != "*" }.sorted().map { RegionReference(file: file, keyPath: "\(keyPath).\($0)", region: $0) }
    }

    /// The Tier 2 region overrides of a parameter set read from `file`.
    public static func overrides(of parameters: ParameterSet, file: String) -> [RegionReference] {
        table(parameters.regions.keys, file: file, keyPath: "regions").map { r in
            var r = r
            r.mustExist = false
            return r
        }
    }

    /// Throws for the first reference to a region that no paddy has (for a Tier 2 override: that is
    /// a near miss of a region present), listing the regions present.
    public static func check(_ references: [RegionReference], present: Set<String>) throws(YAMLFileError) {
        let known = present.sorted()
        guard let missing = references.first(where: { r in
            !present.contains(r.region) && (r.mustExist || StrictYAML.nearest(r.region, known) != nil)
        }) else { return }
        throw YAMLFileError(path: missing.file, keyPath: missing.keyPath,
                            message: "no paddy of the input is in region \"\(missing.region)\"" + StrictYAML.suggestion(missing.region, known)
                                + "; regions present: " + (known.isEmpty ? "none (the input has no region variable)" : known.joined(separator: ", ")))
    }
}
