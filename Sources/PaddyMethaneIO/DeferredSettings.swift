/// A run's settings, made once when first needed: at the end of a run, unless an output records
/// them at its start, so that an input checksum computed beside the run is waited for last.
struct DeferredSettings {
    private let make: () throws -> RunSettings
    private var made: RunSettings?

    init(_ make: @escaping () throws -> RunSettings) { self.make = make }

    mutating func value() throws -> RunSettings {
        if let made { return made }
        let s = try make()
        made = s
        return s
    }
}
