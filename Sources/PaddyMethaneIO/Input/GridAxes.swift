import Foundation
import NetCDF

/// The two spatial axes of a grid (`(time, y, x)` or `(time, lat, lon)`), with each cell's area.
///
/// Cell area, in this order: the variable named by the data variable's `cell_measures = "area:
/// VAR"` (CF 1.8 section 7.2); else, for latitude-longitude coordinates, the geodesic area of the
/// cell between its bounds (or halfway to its neighbours) on the grid_mapping's figure of the
/// Earth, else the default ellipsoid of `models/grid-cells.yaml` (`Ellipsoid`); else, for
/// projected x/y coordinates with a `grid_mapping`, the map area dx × dy, exact for an equal-area
/// projection and carrying the projection's areal distortion otherwise (noted).
struct GridAxes: Sendable {
    enum Kind: Sendable, Equatable { case geographic, projected }

    let kind: Kind
    let yDimension: NetCDF.Dimension
    let xDimension: NetCDF.Dimension
    /// The coordinate variables (named as their dimensions), when present.
    let yCoordinate: Variable?
    let xCoordinate: Variable?
    /// Cell centres (latitude and longitude [degrees] for a geographic grid).
    let yCentres: [Double]
    let xCentres: [Double]
    /// The grid_mapping variable, when the data variable names one.
    let gridMapping: Variable?
    let area: CellAreaSource

    var rows: Int { yDimension.length }
    var columns: Int { xDimension.length }

    /// CF Appendix F grid mappings that preserve area.
    static let equalAreaMappings: Set<String> = ["lambert_azimuthal_equal_area", "albers_conical_equal_area", "lambert_cylindrical_equal_area", "sinusoidal"]

    /// Finds the axes of `data` (dimensions time, y, x), checks latitudes and longitudes, and
    /// chooses the cell-area source; adds what it found and assumed to `survey` and `warnings`.
    init(_ input: InputFile, data: Variable, settings: GridCellSettings, survey: inout SourceSurvey, warnings: inout [String]) throws(InputError) {
        let dims = data.dimensions
        (yDimension, xDimension) = (dims[1], dims[2])
        func coordinate(_ d: NetCDF.Dimension) -> Variable? {
            input.variable(d.name).flatMap { $0.dimensionNames == [d.name] && $0.type.isNumeric ? $0 : nil }
        }
        (yCoordinate, xCoordinate) = (coordinate(yDimension), coordinate(xDimension))
        let mappingName = input.text(data, "grid_mapping")
        gridMapping = mappingName.flatMap { input.variable($0) }
        if let mappingName, gridMapping == nil {
            throw input.fail(data.name, "grid_mapping names '\(mappingName)', which is not a variable of the file")
        }
        let yKind = yCoordinate.map { Self.kind(input, $0, latitude: true) } ?? .unknown
        let xKind = xCoordinate.map { Self.kind(input, $0, latitude: false) } ?? .unknown
        yCentres = try yCoordinate.map { v throws(InputError) in try input.read(v) } ?? (0..<yDimension.length).map(Double.init)
        xCentres = try xCoordinate.map { v throws(InputError) in try input.read(v) } ?? (0..<xDimension.length).map(Double.init)
        kind = yKind == .geographic && xKind == .geographic ? .geographic : .projected
        if kind == .geographic {
            try Self.checkRange(input, yCoordinate!, yCentres, -90...90, what: "latitude")
            try Self.checkRange(input, xCoordinate!, xCentres, -180...360, what: "longitude")
        }
        if let measured = try Self.cellMeasures(input, data, yDimension, xDimension) {
            area = measured
            survey.found.append((measured.variable!.name, "cell area (cell_measures)"))
            return
        }
        guard let yc = yCoordinate, let xc = xCoordinate, yKind != .unknown, xKind != .unknown else {
            throw input.fail(data.name, """
                the cell area cannot be found: give cell_measures = "area: VAR" with an area variable (\(yDimension.name), \(xDimension.name)), \
                or latitude/longitude coordinates \(yDimension.name)(\(yDimension.name)) and \(xDimension.name)(\(xDimension.name)) \
                (units degrees_north, degrees_east), or projected ones (units m) with a grid_mapping
                """)
        }
        let yEdges = try Self.edges(input, yc, yCentres), xEdges = try Self.edges(input, xc, xCentres)
        if kind == .geographic {
            try Self.checkRange(input, yc, yEdges.flatMap { [$0.0, $0.1] }, -90...90, what: "latitude bound")
            let ellipsoid = try Self.ellipsoid(input, gridMapping) ?? settings.defaultEllipsoid
            area = .separable(rowFactor: yEdges.map { ellipsoid.zoneAreaPerRadianM2(latitudeDegrees: $0.0, $0.1) * 1e-4 },
                              columnFactor: xEdges.map { abs($0.1 - $0.0) * .pi / 180 }, variable: nil)
            survey.defaults.append("no cell_measures: cell areas are geodesic areas between the cell bounds on the \(ellipsoid.name) ellipsoid (a = \(ellipsoid.semiMajorAxisM) m, 1/f = \(ellipsoid.inverseFlattening); \(ellipsoid.source)), a²/2 · Δλ · |q(φ2) − q(φ1)| with Snyder's authalic q (USGS PP 1395 eq. 3-12)")
        } else {
            guard let gm = gridMapping else {
                throw input.fail(data.name, "projected coordinates \(yc.name), \(xc.name) without a grid_mapping: add grid_mapping naming the projection variable, or give cell_measures with the cell areas")
            }
            let ym = try Self.metres(input, yc), xm = try Self.metres(input, xc)
            area = .separable(rowFactor: yEdges.map { abs($0.1 - $0.0) * ym * 1e-4 }, columnFactor: xEdges.map { abs($0.1 - $0.0) * xm }, variable: nil)
            let name = input.text(gm, "grid_mapping_name") ?? "unnamed"
            survey.defaults.append("no cell_measures: cell areas are the map areas dx × dy of the \(name) projection (grid_mapping \(gm.name))")
            if !Self.equalAreaMappings.contains(name) {
                warnings.append("grid_mapping \(gm.name) (\(name)) is not an equal-area projection: cell areas are map areas dx × dy and carry its areal distortion (k² for a conformal projection: from −0.08 % on the central meridian of a UTM zone to about +0.2 % at its edge); give cell_measures with the true cell areas where that matters")
            }
        }
    }

    /// Area of cell (`row`, `column`) [ha] from a separable source.
    enum CellAreaSource: Sendable {
        /// rowFactor[y] × columnFactor[x] [ha].
        case separable(rowFactor: [Double], columnFactor: [Double], variable: Variable?)
        /// An area variable (y, x) read per block, decoded to ha.
        case measured(Variable, PackedDecoder)

        var variable: Variable? {
            switch self {
            case .measured(let v, _): v
            case .separable(_, _, let v): v
            }
        }
    }

    private enum AxisKind { case geographic, projected, unknown }

    /// Latitude or longitude by units or standard_name (CF 1.8 sections 4.1, 4.2); projected by
    /// standard_name or a length unit.
    private static func kind(_ input: InputFile, _ v: Variable, latitude: Bool) -> AxisKind {
        let units = (input.text(v, "units") ?? "").lowercased().replacingOccurrences(of: " ", with: "")
        let standardName = input.text(v, "standard_name") ?? ""
        let geographicUnits = latitude ? ["degrees_north", "degree_north", "degree_n", "degrees_n", "degreen", "degreesn"]
            : ["degrees_east", "degree_east", "degree_e", "degrees_e", "degreee", "degreese"]
        if geographicUnits.contains(units) || standardName == (latitude ? "latitude" : "longitude") { return .geographic }
        if standardName.hasPrefix("projection_") || CFUnits.centimetres(per: units) != nil || ["km", "kilometre", "kilometer"].contains(units) {
            return .projected
        }
        return .unknown
    }

    /// Metres per unit of a projected coordinate.
    private static func metres(_ input: InputFile, _ v: Variable) throws(InputError) -> Double {
        let u = (input.text(v, "units") ?? "").lowercased()
        if ["km", "kilometre", "kilometer", "kilometres", "kilometers"].contains(u) { return 1000 }
        guard let cm = CFUnits.centimetres(per: u) else { throw input.fail(v.name, "units \"\(u)\" of a projected coordinate are not a length (m or km)") }
        return cm / 100
    }

    /// Every value of a latitude or longitude (or their bounds) within `range`.
    private static func checkRange(_ input: InputFile, _ v: Variable, _ values: [Double], _ range: ClosedRange<Double>, what: String) throws(InputError) {
        if let i = values.firstIndex(where: { !range.contains($0) }) {
            throw input.fail(v.name, "\(what) \(values[i]) at index \(i) is outside [\(Int(range.lowerBound)), \(Int(range.upperBound))]: check the coordinate's values and units (projected coordinates need units m and a grid_mapping)")
        }
    }

    /// The coordinate's cell edges from its `bounds` or its spacing.
    private static func edges(_ input: InputFile, _ v: Variable, _ centres: [Double]) throws(InputError) -> [(Double, Double)] {
        var bounds: [Double]? = nil
        if let name = input.text(v, "bounds") {
            guard let b = input.variable(name), b.shape == [centres.count, 2] else {
                throw input.fail(v.name, "bounds '\(name)' must be a variable of shape (\(centres.count), 2)")
            }
            bounds = try input.read(b)
        }
        guard let e = cellEdges(centres: centres, bounds: bounds) else {
            throw input.fail(v.name, "cell edges cannot be found: the coordinate needs bounds, or at least two strictly monotonic values")
        }
        return e
    }

    /// The figure of the Earth that a grid_mapping gives (CF 1.8 Appendix F), or nil.
    private static func ellipsoid(_ input: InputFile, _ gm: Variable?) throws(InputError) -> Ellipsoid? {
        guard let gm else { return nil }
        func number(_ name: String) -> Double? { input.attribute(gm, name)?.numbers?.first }
        if let a = number("semi_major_axis") {
            if let invF = number("inverse_flattening") {
                return Ellipsoid(name: "grid_mapping \(gm.name)", semiMajorAxisM: a, inverseFlattening: invF, source: "semi_major_axis and inverse_flattening of \(gm.name)")
            }
            if let b = number("semi_minor_axis"), b > 0, b <= a {
                return Ellipsoid(name: "grid_mapping \(gm.name)", semiMajorAxisM: a, inverseFlattening: b == a ? 0 : a / (a - b),
                                 source: "semi_major_axis and semi_minor_axis of \(gm.name)")
            }
            return .sphere(radiusM: a, source: "semi_major_axis of \(gm.name)")
        }
        if let r = number("earth_radius") { return .sphere(radiusM: r, source: "earth_radius of \(gm.name)") }
        return nil
    }

    /// The area variable named by `cell_measures = "area: VAR"`, when the data variable has one.
    private static func cellMeasures(_ input: InputFile, _ data: Variable, _ y: NetCDF.Dimension, _ x: NetCDF.Dimension) throws(InputError) -> CellAreaSource? {
        guard let text = input.text(data, "cell_measures") else { return nil }
        let words = text.split(separator: " ").map(String.init)
        guard let i = words.firstIndex(of: "area:"), i + 1 < words.count else { return nil }
        let name = words[i + 1]
        guard let v = input.variable(name) else { throw input.fail(data.name, "cell_measures names '\(name)', which is not a variable of the file") }
        guard v.dimensionNames == [y.name, x.name] else {
            throw input.fail(name, "a cell area must have the grid's dimensions (\(y.name), \(x.name)), has (\(v.dimensionNames.joined(separator: ", ")))")
        }
        let u = input.text(v, "units") ?? ""
        guard let ha = CFUnits.hectares(per: u) else { throw input.fail(name, "units \"\(u)\" are not an area unit (ha, m2 or km2)") }
        return .measured(v, try PackedDecoder(file: input.file, variable: v, unitFactor: ha))
    }
}
