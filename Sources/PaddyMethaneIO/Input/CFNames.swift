import NetCDF

/// How the reader finds the identifier and water-level variables of a NetCDF input whatever
/// their names: the command line's `--id` / `--water-level` first, then the CF attributes
/// (`cf_role`, `standard_name`), then the default names, then (identifiers only) the one
/// identifier-like variable on the station dimension.
///
/// CF standard names (table version 83 checked) for the water level: there is none for a level
/// relative to the soil surface that is positive when ponded and negative when the water table
/// is below the surface. Two come close:
/// - `water_table_depth` ("depth is the vertical distance below the surface"; canonical units
///   m) is accepted: level = −depth, so that a water table 5 cm below the surface is −5 cm, and a
///   negative depth (water above the surface) is ponded water;
/// - `flood_water_thickness` ("the vertical distance between the surface of the flood water and
///   the surface of the solid ground") is not used unless named with `--water-level`: a thickness
///   is never negative, so it cannot show a water table below the surface, and drained days
///   would read as at the surface (no drainage could ever be found).
extension PaddyFileReader {
    /// The standard names accepted for the water level, with the sign that makes a level of them.
    static let waterLevelStandardNames: [(name: String, sign: Double)] = [("water_table_depth", -1)]

    /// The water level, its units and its decoder to cm.
    static func waterLevel(_ input: InputFile, _ names: InputNames, notes: inout [String]) throws(InputError) -> (Variable, String, PackedDecoder) {
        let lv: Variable
        if let chosen = names.waterLevelVariable {
            guard let v = input.variable(chosen) else { throw input.fail(chosen, "not found (--water-level); numeric variables: \(numericNames(input))") }
            lv = v
        } else if let v = input.variable(names.waterLevel) {
            lv = v
        } else if let v = input.variables.first(where: { v in waterLevelStandardNames.contains { $0.name == input.text(v, "standard_name") } }) {
            lv = v
        } else if let v = input.variable(standardName: "flood_water_thickness") {
            throw input.fail(v.name, """
                has standard_name flood_water_thickness, which is never negative: it cannot show a water table below the \
                soil surface, so drained days would read as at the surface and no drainage could be found. Give the level \
                relative to the soil surface (negative when below), or pass --water-level \(v.name) to read it as one anyway
                """)
        } else {
            throw input.fail(names.waterLevel, """
                not found: the water level series is required (a variable named \(names.waterLevel), or with standard_name \
                water_table_depth, or named with --water-level VAR; numeric variables: \(numericNames(input)))
                """)
        }
        guard lv.type.isNumeric else { throw input.fail(lv.name, "must be numeric, not \(lv.type)") }
        guard let lu = input.text(lv, "units") else { throw input.fail(lv.name, "has no units attribute (expected a length: m, cm, mm, inch, ft, …)") }
        guard let cm = CFUnits.centimetres(per: lu) else {
            throw input.fail(lv.name, "units \"\(lu)\" are not a length unit (UDUNITS-2: m, cm, mm, inch, ft, 1e-2 m, …)")
        }
        let standardName = input.text(lv, "standard_name")
        let sign = waterLevelStandardNames.first { $0.name == standardName }?.sign ?? 1
        if sign < 0 {
            notes.append("\(lv.name): standard_name \(standardName!) (depth below the surface) is read as the level relative to the soil surface: level = −depth")
        } else if standardName == "flood_water_thickness" {
            notes.append("\(lv.name): flood_water_thickness is read as the level (--water-level); it cannot be negative, so a drained field reads as at the surface and no drainage can be found")
        }
        return (lv, lu, try PackedDecoder(file: input.file, variable: lv, unitFactor: sign * cm))
    }

    /// The identifier variable and its role text: `--id`, else the variable with
    /// `cf_role = timeseries_id`, else the one identifier-like variable on the station dimension
    /// (text, or `standard_name` platform_id), with a note saying how to add the attribute.
    static func identifiers(_ input: InputFile, _ names: InputNames, time: Variable?, notes: inout [String]) throws(InputError) -> (Variable, String) {
        func checked(_ v: Variable) throws(InputError) -> Variable {
            guard v.type == .string || v.type == .char || v.type.isInteger else {
                throw input.fail(v.name, "paddy identifiers must be strings, characters or integers, not \(v.type)")
            }
            return v
        }
        if let chosen = names.idVariable {
            guard let v = input.variable(chosen) else { throw input.fail(chosen, "not found (--id)") }
            return (try checked(v), "paddy identifier (--id)")
        }
        if let v = input.variables.first(where: { input.text($0, "cf_role")?.lowercased() == "timeseries_id" }) {
            return (try checked(v), "paddy identifier (cf_role = timeseries_id)")
        }
        let sampleDimension = time?.dimensionNames.last
        let perPaddyRoles: Set<String> = [names.region, names.waterSupply, names.amendmentType, names.time]
        let candidates = input.variables.filter { v in
            let dims = v.type == .char ? Array(v.dimensionNames.dropLast()) : v.dimensionNames
            let identifierLike = v.type == .string || v.type == .char || (v.type.isInteger && input.text(v, "standard_name") == "platform_id")
            return identifierLike && dims.count <= 1 && (dims.first == nil || dims.first != sampleDimension) && !perPaddyRoles.contains(v.name)
        }
        guard candidates.count == 1, let v = candidates.first else {
            let listed = candidates.isEmpty ? "" : " (candidates: \(candidates.map(\.name).joined(separator: ", ")))"
            throw input.fail(nil, """
                no variable has cf_role = "timeseries_id": the paddy identifiers cannot be found\(listed); name them with --id VAR, \
                or add the attribute: ncatted -a cf_role,VAR,c,c,timeseries_id \(input.path)
                """)
        }
        notes.append("""
            no variable has cf_role = "timeseries_id": \(v.name), the only identifier-like variable on the station dimension, is read \
            as the paddy identifiers; to say so in the file: ncatted -a cf_role,\(v.name),c,c,timeseries_id \(input.path)
            """)
        return (v, "paddy identifier (the only identifier-like variable; no cf_role)")
    }

    private static func numericNames(_ input: InputFile) -> String {
        input.variables.filter { $0.type.isNumeric }.map(\.name).joined(separator: ", ")
    }
}

extension InputFile {
    /// The first variable with `standard_name = name`.
    func variable(standardName name: String) -> Variable? { variables.first { text($0, "standard_name") == name } }
}
