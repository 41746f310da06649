// Monte Carlo over CH4MOD's uncertain parameters: each draw is one parameter set, every ranged
// parameter drawn independently and uniformly over its documented range (models/ch4mod.yaml,
// `low`/`high`: ranges, not 95 % intervals of a known distribution, hence uniform). One draw applies
// to every season and every treatment or scenario, as the IPCC Monte Carlo shares its factors, so
// differences and ratios are taken draw by draw.

/// Seeded parameter draws, shared by everything evaluated with them.
public struct CH4MODParameterDraws: Sendable {
    public let sets: [CH4MODParameters]
    public let seed: UInt64

    public init(base: CH4MODParameters, ranged: [RangedParameter], draws: Int, seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        var sets: [CH4MODParameters] = []
        sets.reserveCapacity(draws)
        for _ in 0..<draws {
            var p = base
            for r in ranged { p = r.key.setting(p, r.value(at: rng.uniform())) }
            sets.append(p)
        }
        self.sets = sets
        self.seed = seed
    }
}

/// The 95 % intervals of one validation row over the draws.
public struct ValidationInterval: Sendable, Equatable {
    public var total: DrawSummary
    /// Nil for an experiment's reference treatment.
    public var ratio: DrawSummary?
}

extension CH4MODValidator {
    /// Every row's modelled total and ratio over the draws, in the order of `report`'s rows. A draw
    /// whose season fails its mass balance stops the computation with that failure.
    public func intervals(_ draws: CH4MODParameterDraws) throws(ModelCheckFailure) -> [ValidationInterval] {
        var totals: [[Double]] = []
        var ratios: [[Double?]] = []
        for p in draws.sets {
            let rows = try report(p).rows
            if totals.isEmpty {
                totals = Array(repeating: [], count: rows.count)
                ratios = Array(repeating: [], count: rows.count)
            }
            for (i, r) in rows.enumerated() {
                totals[i].append(r.modelledKgPerHa)
                ratios[i].append(r.modelledRatio)
            }
        }
        return totals.indices.map { i in
            let rs = ratios[i].compactMap { $0 }
            return ValidationInterval(total: DrawSummary(totals[i]), ratio: rs.isEmpty ? nil : DrawSummary(rs))
        }
    }
}
