import Foundation

/// The figure of the Earth on which latitude-longitude cells are measured: an ellipsoid of
/// revolution (a sphere when `flattening` is 0).
public struct Ellipsoid: Sendable, Equatable, Decodable {
    public var name: String
    public var semiMajorAxisM: Double
    public var inverseFlattening: Double
    public var source: String

    public init(name: String, semiMajorAxisM: Double, inverseFlattening: Double, source: String) {
        (self.name, self.semiMajorAxisM, self.inverseFlattening, self.source) = (name, semiMajorAxisM, inverseFlattening, source)
    }

    enum CodingKeys: String, CodingKey {
        case name, semiMajorAxisM = "semi_major_axis_m", inverseFlattening = "inverse_flattening", source
    }

    /// A sphere of radius `r` (CF `earth_radius`; `inverse_flattening` 0 means a sphere, as in CF).
    public static func sphere(radiusM r: Double, source: String) -> Ellipsoid {
        Ellipsoid(name: "sphere of radius \(r) m", semiMajorAxisM: r, inverseFlattening: 0, source: source)
    }

    /// First eccentricity squared, e² = f (2 − f).
    var eccentricitySquared: Double {
        guard inverseFlattening != 0 else { return 0 }
        let f = 1 / inverseFlattening
        return f * (2 - f)
    }

    /// Snyder's authalic function q(φ) (Snyder 1987, Map Projections: A Working Manual, USGS
    /// Professional Paper 1395, eq. 3-12): q = (1 − e²) [sin φ / (1 − e² sin² φ) − 1/(2e)
    /// ln((1 − e sin φ)/(1 + e sin φ))]; on a sphere q = 2 sin φ.
    func q(latitudeRad phi: Double) -> Double {
        let e2 = eccentricitySquared, s = sin(phi)
        guard e2 > 0 else { return 2 * s }
        let e = e2.squareRoot()
        return (1 - e2) * (s / (1 - e2 * s * s) - 1 / (2 * e) * log((1 - e * s) / (1 + e * s)))
    }

    /// Area [m²] of the zone between latitudes `phi1` and `phi2` per radian of longitude:
    /// a²/2 |q(φ2) − q(φ1)| (the ellipsoid's zone area, Snyder 1987 with eq. 3-12; on a sphere
    /// R² |sin φ2 − sin φ1|). A cell's area is this times its width in longitude [rad].
    public func zoneAreaPerRadianM2(latitudeDegrees phi1: Double, _ phi2: Double) -> Double {
        let a = semiMajorAxisM
        return a * a / 2 * abs(q(latitudeRad: phi2 * .pi / 180) - q(latitudeRad: phi1 * .pi / 180))
    }
}

/// The cell-area settings of `models/grid-cells.yaml`.
public struct GridCellSettings: Sendable, Decodable {
    /// Used when the grid's grid_mapping gives no figure of the Earth.
    public var defaultEllipsoid: Ellipsoid

    enum CodingKeys: String, CodingKey { case defaultEllipsoid = "default_ellipsoid" }
}

/// Cell edges of a one-dimensional coordinate: from its CF `bounds` (n × 2), else halfway
/// between neighbouring centres with the end cells as wide as their neighbours. Nil when the
/// axis has one value and no bounds, or is not strictly monotonic.
func cellEdges(centres c: [Double], bounds: [Double]?) -> [(Double, Double)]? {
    if let b = bounds, b.count == 2 * c.count { return (0..<c.count).map { (b[2 * $0], b[2 * $0 + 1]) } }
    guard c.count >= 2 else { return nil }
    let increasing = c[1] > c[0]
    for i in 1..<c.count where (c[i] > c[i - 1]) != increasing || c[i] == c[i - 1] { return nil }
    var mids = [Double](repeating: 0, count: c.count + 1)
    for i in 1..<c.count { mids[i] = (c[i - 1] + c[i]) / 2 }
    mids[0] = c[0] - (mids[1] - c[0])
    mids[c.count] = c[c.count - 1] + (c[c.count - 1] - mids[c.count - 1])
    return (0..<c.count).map { (mids[$0], mids[$0 + 1]) }
}
