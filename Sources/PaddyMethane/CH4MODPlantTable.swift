import Synchronization

/// The plant terms of day t of a season: shoot biomass W, root biomass W_root, root exudates C_R
/// and the plant-transport fraction F_p (Huang, Sass & Fisher 1998; the functions in CH4MOD.swift).
/// They depend only on the day, the season's constants and the model's parameters, not on the
/// soil's water or redox state.
public struct CH4MODPlantDay: Sendable, Equatable {
    /// W [g m⁻²].
    public var shootBiomass: Double
    /// W_root [g m⁻²].
    public var rootBiomass: Double
    /// C_R [g m⁻² d⁻¹].
    public var exudates: Double
    /// F_p [dimensionless].
    public var plantTransportFraction: Double
}

/// The plant terms of every day of a season, computed once per (season length, grain yield,
/// sand fraction) and kept for the next season with the same ones: for a run with the parameter
/// file's grain yield and sand fraction, one table per season length. Each `CH4MOD` value owns
/// one (its parameters cannot change, so the tables are its own); lookups are thread-safe.
/// Memory is bounded by `maxStoredDays`: once full, seasons with a new key get no table and
/// their plant terms are computed day by day (the same functions, so the same numbers).
final class CH4MODPlantTables: Sendable {
    /// At most this many plant days are kept per model: 32 768 × 32 bytes = 1 MiB, room for
    /// about 270 seasons of 120 days (project choice).
    static let maxStoredDays = 1 << 15

    /// What a season's plant terms depend on besides the model's parameters. Floating-point
    /// values are keyed by their bit patterns, so that every value (also NaN) finds its table.
    struct Key: Hashable {
        var seasonDays: Int
        var grainYieldBits: UInt64
        var sandFractionBits: UInt64

        init(seasonDays: Int, site: CH4MODSite) {
            self.seasonDays = seasonDays
            self.grainYieldBits = site.grainYieldTPerHa.bitPattern
            self.sandFractionBits = site.sandFraction.bitPattern
        }
    }

    private struct Store {
        var tables: [Key: [CH4MODPlantDay]] = [:]
        var storedDays = 0
    }

    private let store = Mutex(Store())

    /// The table of `key`, built by `build` when it is not kept yet and there is room; nil when
    /// the store is full. `build` runs outside the lock.
    func table(_ key: Key, build: () -> [CH4MODPlantDay]) -> [CH4MODPlantDay]? {
        if let kept = store.withLock({ $0.tables[key] }) { return kept }
        guard store.withLock({ $0.storedDays + key.seasonDays <= Self.maxStoredDays }) else { return nil }
        let built = build()
        return store.withLock { s in
            if let kept = s.tables[key] { return kept }   // another thread built it meanwhile
            guard s.storedDays + built.count <= Self.maxStoredDays else { return built }
            s.tables[key] = built
            s.storedDays += built.count
            return built
        }
    }

    /// The number of tables kept (for tests).
    var count: Int { store.withLock { $0.tables.count } }
}

extension CH4MOD {
    /// The plant terms of day `t` (1-based) of a season, from the published forms: logistic shoot
    /// biomass, roots by the Newton solve, exudates and the plant-transport fraction.
    public func plantDay(_ t: Int, season k: SeasonConstants) -> CH4MODPlantDay {
        let b = parameters.biomass, sub = parameters.substrate, e = parameters.emission
        let w = shootBiomass(day: Double(t), maxBiomass: k.maxBiomass, initialBiomass: k.initialBiomass, rate: k.rate)
        return CH4MODPlantDay(
            shootBiomass: w,
            rootBiomass: rootBiomass(shootBiomass: w, coefficient: b.rootCoefficient, exponent: b.rootExponent),
            exudates: rootExudates(shootBiomass: w, varietyIndex: sub.varietyIndex, textureIndex: k.textureIndex,
                                   coefficient: sub.exudateCoefficient, exponent: sub.exudateExponent),
            plantTransportFraction: plantTransportFraction(shootBiomass: w, maxBiomass: k.maxBiomass,
                                                           maxFraction: e.plantMaxFraction, exponent: e.plantExponent))
    }

    /// The plant terms of days 1…`seasonDays` of a season of `site`, from this model's tables
    /// (built on first use); nil when the tables are full (then use `plantDay` per day).
    func plantTable(seasonDays: Int, site: CH4MODSite, season k: SeasonConstants) -> [CH4MODPlantDay]? {
        plantTables.table(CH4MODPlantTables.Key(seasonDays: seasonDays, site: site)) {
            (0..<seasonDays).map { plantDay($0 + 1, season: k) }
        }
    }
}
