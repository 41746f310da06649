import Foundation

/// Minimises f over a box by Nelder & Mead's simplex (Comput. J. 7:308-313, 1965; coefficients
/// 1, 2, 0.5, 0.5 as in Lagarias et al. 1998, SIAM J. Optim. 9:112-147), every trial point
/// projected onto the box. The one optimiser of the project: calibration uses it.
public struct BoundedNelderMead: Sendable {
    public var lower: [Double]
    public var upper: [Double]
    /// Stop when the simplex's values differ by less than this (absolute) …
    public var valueTolerance: Double
    /// … and its vertices by less than this fraction of each range.
    public var pointTolerance: Double
    public var maxEvaluations: Int

    public init(lower: [Double], upper: [Double], valueTolerance: Double = 1e-10, pointTolerance: Double = 1e-8, maxEvaluations: Int = 2000) {
        precondition(lower.count == upper.count && zip(lower, upper).allSatisfy { $0 <= $1 }, "bounds must be ordered")
        self.lower = lower
        self.upper = upper
        self.valueTolerance = valueTolerance
        self.pointTolerance = pointTolerance
        self.maxEvaluations = maxEvaluations
    }

    public struct Result: Sendable, Equatable {
        public var point: [Double]
        public var value: Double
        public var evaluations: Int
        public var converged: Bool
    }

    func clamp(_ x: [Double]) -> [Double] {
        var out = x
        for i in out.indices { out[i] = min(max(out[i], lower[i]), upper[i]) }
        return out
    }

    /// The largest distance of a vertex from the best one, per coordinate, as a fraction of the range.
    func simplexSpread(_ simplex: [[Double]]) -> Double {
        var spread = 0.0
        for x in simplex.dropFirst() {
            for j in x.indices {
                let range = max(upper[j] - lower[j], 1e-300)
                spread = max(spread, abs(x[j] - simplex[0][j]) / range)
            }
        }
        return spread
    }

    public func minimise<E: Error>(from start: [Double], _ f: ([Double]) throws(E) -> Double) throws(E) -> Result {
        let n = start.count
        var evaluations = 0
        func eval(_ x: [Double]) throws(E) -> Double { evaluations += 1; let v = try f(x); return v.isNaN ? .infinity : v }
        // Initial simplex: the start and one step of 10 % of the range along each axis (inward at an upper bound).
        var simplex: [[Double]] = [clamp(start)]
        for i in 0..<n {
            var x = simplex[0]
            let step = 0.1 * (upper[i] - lower[i])
            x[i] = x[i] + step <= upper[i] ? x[i] + step : x[i] - step
            simplex.append(clamp(x))
        }
        var values: [Double] = []
        for x in simplex { values.append(try eval(x)) }
        var converged = false
        while evaluations < maxEvaluations {
            let order = values.indices.sorted { values[$0] < values[$1] }
            simplex = order.map { simplex[$0] }
            values = order.map { values[$0] }
            let spread = simplexSpread(simplex)
            if values[n] - values[0] <= valueTolerance && spread <= pointTolerance { converged = true; break }
            var centroid = [Double](repeating: 0, count: n)
            for x in simplex[0..<n] { for j in 0..<n { centroid[j] += x[j] / Double(n) } }
            let worst = simplex[n]
            func along(_ t: Double) -> [Double] {
                var y = centroid
                for j in 0..<n { y[j] += t * (centroid[j] - worst[j]) }
                return clamp(y)
            }
            let r = along(1), fr = try eval(r)
            if fr < values[0] {
                let e = along(2), fe = try eval(e)
                (simplex[n], values[n]) = fe < fr ? (e, fe) : (r, fr)
            } else if fr < values[n - 1] {
                (simplex[n], values[n]) = (r, fr)
            } else {
                let c = fr < values[n] ? along(0.5) : along(-0.5)
                let fc = try eval(c)
                if fc < min(fr, values[n]) {
                    (simplex[n], values[n]) = (c, fc)
                } else {
                    for i in 1...n {
                        var y = simplex[i]
                        for j in 0..<n { y[j] = simplex[0][j] + 0.5 * (y[j] - simplex[0][j]) }
                        simplex[i] = clamp(y)
                        values[i] = try eval(simplex[i])
                    }
                }
            }
        }
        let best = values.indices.min { values[$0] < values[$1] }!
        return Result(point: simplex[best], value: values[best], evaluations: evaluations, converged: converged)
    }
}

/// Least-squares calibration of chosen CH4MOD parameters on validation experiments: residuals are
/// ln(modelled / measured) for every measured seasonal total and for every measured ratio whose
/// totals are not both measured (so a quotient of two measured totals is not counted twice);
/// logarithms weight a 50 kg and a 500 kg site alike and make totals and ratios commensurable.
public struct CH4MODCalibration: Sendable {
    public var validator: CH4MODValidator
    public var base: CH4MODParameters
    public var free: [RangedParameter]

    public init(validator: CH4MODValidator, base: CH4MODParameters, free: [RangedParameter]) {
        self.validator = validator
        self.base = base
        self.free = free
    }

    public struct Residual: Sendable, Equatable {
        public var experiment: String
        public var treatment: String
        /// `total` or `ratio`.
        public var kind: String
        public var measured: Double
        public var modelled: Double
        public var logResidual: Double
    }

    public func parameters(_ x: [Double]) -> CH4MODParameters {
        zip(free, x).reduce(base) { $1.0.key.setting($0, $1.1) }
    }

    public func residuals(_ p: CH4MODParameters) throws(ModelCheckFailure) -> [Residual] {
        let report = try validator.report(p)
        var out: [Residual] = []
        var totalsMeasured: [String: Set<String>] = [:]
        for r in report.rows where r.measuredKgPerHa != nil { totalsMeasured[r.experiment, default: []].insert(r.treatment) }
        let references = Dictionary(uniqueKeysWithValues: validator.experiments.map { ($0.id, $0.referenceTreatment) })
        for r in report.rows {
            if let m = r.measuredKgPerHa, m > 0, r.modelledKgPerHa > 0 {
                out.append(Residual(experiment: r.experiment, treatment: r.treatment, kind: "total", measured: m, modelled: r.modelledKgPerHa,
                                    logResidual: log(r.modelledKgPerHa / m)))
            }
            let both = totalsMeasured[r.experiment]?.isSuperset(of: [r.treatment, references[r.experiment] ?? ""]) ?? false
            if !both, let m = r.measuredRatio, let p = r.modelledRatio, m > 0, p > 0 {
                out.append(Residual(experiment: r.experiment, treatment: r.treatment, kind: "ratio", measured: m, modelled: p, logResidual: log(p / m)))
            }
        }
        return out
    }

    public func sumOfSquares(_ p: CH4MODParameters) throws(ModelCheckFailure) -> Double {
        try residuals(p).map { $0.logResidual * $0.logResidual }.reduce(0, +)
    }

    public struct Fit: Sendable {
        public var parameters: CH4MODParameters
        public var values: [Double]
        public var sumOfSquaresBefore: Double
        public var sumOfSquaresAfter: Double
        public var residuals: [Residual]
        public var evaluations: Int
        public var converged: Bool
    }

    public func fit(maxEvaluations: Int = 400) throws(ModelCheckFailure) -> Fit {
        let optimiser = BoundedNelderMead(lower: free.map(\.low), upper: free.map(\.high), valueTolerance: 1e-8, pointTolerance: 1e-4,
                                          maxEvaluations: maxEvaluations)
        let before = try sumOfSquares(base)
        let result = try optimiser.minimise(from: free.map { $0.key.value(base) }) { (x: [Double]) throws(ModelCheckFailure) -> Double in
            try sumOfSquares(parameters(x))
        }
        let p = parameters(result.point)
        return Fit(parameters: p, values: result.point, sumOfSquaresBefore: before, sumOfSquaresAfter: result.value,
                   residuals: try residuals(p), evaluations: result.evaluations, converged: result.converged)
    }
}
