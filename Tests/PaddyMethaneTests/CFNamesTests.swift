import Foundation
import Testing
import PaddyMethane
@testable import PaddyMethaneIO

// Variables found whatever their names: by standard_name, by the command line's names, an
// identifier without cf_role, data in a NetCDF-4 group, UDUNITS area units, flag-coded
// categories. Each fixture is CDL written the way other tools write such files.

/// Two stations, 4 daily steps from 2024-06-01. `level` is the water-level variable's
/// declaration and attributes; `extra` more declarations; `data` the data lines after `time`.
private func stations(idDeclaration: String = "string plot(station) ;\n\t\tplot:cf_role = \"timeseries_id\" ;",
                      level: String, extraDeclarations: String = "", data: String, group: String? = nil) -> String {
    let body = """
    dimensions:
        station = 2 ;
        time = 4 ;
    variables:
        \(idDeclaration)
        double time(time) ;
            time:units = "days since 2024-06-01" ;
        \(level)
        \(extraDeclarations)
    data:
        plot = "P1", "P2" ;
        time = 0, 1, 2, 3 ;
        \(data)
    """
    if let group { return "netcdf f {\n\tgroup: \(group) {\n\(body)\n\t}\n}" }
    return "netcdf f {\n\(body)\n}"
}

private func paddies(_ reader: PaddyFileReader) throws -> [Paddy] {
    try reader.read(start: 0, count: reader.paddyCount).compactMap { r in
        if case .paddy(let p) = r { return p }
        if case .rejected(let x) = r { Issue.record("rejected \(x.paddyID): \(x.reason)") }
        return nil
    }
}

private func levels(_ p: Paddy) -> [Float] { (p.water.firstDay..<p.water.endDay).map { p.water.level(onDay: $0) ?? .nan } }

private func open(_ cdl: String, _ configure: (inout InputNames) -> Void = { _ in }) throws -> PaddyFileReader {
    var names = InputNames()
    configure(&names)
    return try PaddyFileReader(path: try ncgen(cdl), names: names, resampler: try TestModels.resampler())
}

private func expectError(_ mentions: [String], sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Void) {
    do {
        try body()
        Issue.record("no error; expected one mentioning \(mentions)", sourceLocation: sourceLocation)
    } catch {
        for m in mentions { #expect("\(error)".contains(m), "\"\(error)\" does not mention \"\(m)\"", sourceLocation: sourceLocation) }
    }
}

private let areaHa = "double area(station) ;\n\t\tarea:units = \"ha\" ;"

@Suite("CF names, groups, units and flags")
struct CFNamesTests {
    @Test("water_table_depth by standard_name: level = −depth; units in inches")
    func waterTableDepth() throws {
        // Depth below the surface, positive down: 2 in below = −5.08 cm; −2 in (water above) = +5.08 cm.
        let cdl = stations(level: "double wtd(station, time) ;\n\t\twtd:standard_name = \"water_table_depth\" ;\n\t\twtd:units = \"inch\" ;\n\t\t\(areaHa)",
                           data: "wtd = -2, -2, 2, 2, 0, 0, 0, 0 ;\n\tarea = 1, 1 ;")
        let reader = try open(cdl)
        #expect(reader.levelVariableName == "wtd")
        #expect(reader.notes.contains { $0.contains("level = −depth") })
        let p = try paddies(reader)
        #expect(levels(p[0]).map { (Double($0) * 100).rounded() / 100 } == [5.08, 5.08, -5.08, -5.08])
    }

    @Test("flood_water_thickness is refused unless named with --water-level")
    func floodWaterThickness() throws {
        let cdl = stations(level: "float fwt(station, time) ;\n\t\tfwt:standard_name = \"flood_water_thickness\" ;\n\t\tfwt:units = \"m\" ;\n\t\t\(areaHa)",
                           data: "fwt = 0.05, 0.05, 0, 0, 0.1, 0.1, 0.1, 0.1 ;\n\tarea = 1, 1 ;")
        expectError(["fwt", "flood_water_thickness", "never negative", "--water-level fwt"]) { _ = try open(cdl) }
        let reader = try open(cdl) { $0.waterLevelVariable = "fwt" }
        #expect(reader.notes.contains { $0.contains("cannot be negative") })
        // 0.05 m = 5 cm.
        #expect(levels(try paddies(reader)[0]).map { (Double($0) * 100).rounded() / 100 } == [5, 5, 0, 0])
    }

    @Test("--water-level, --area and --id name the variables; 1e-2 m and acre units")
    func commandLineNames() throws {
        let cdl = stations(idDeclaration: "string plot(station) ;\n\t\tstring code(station) ;\n\t\tcode:cf_role = \"timeseries_id\" ;",
                           level: "double h(station, time) ;\n\t\th:units = \"1e-2 m\" ;\n\t\tdouble field_size(station) ;\n\t\tfield_size:units = \"acre\" ;",
                           data: "code = \"c1\", \"c2\" ;\n\th = 3, 3, 3, 3, -1, -1, -1, -1 ;\n\tfield_size = 1, 2 ;")
        expectError(["water_level", "not found", "--water-level VAR", "h, field_size"]) { _ = try open(cdl) }
        let reader = try open(cdl) { n in n.waterLevelVariable = "h"; n.areaVariable = "field_size"; n.idVariable = "plot" }
        let p = try paddies(reader)
        // --id plot wins over the cf_role variable; "1e-2 m" is a centimetre; 1 acre = 0.40468726 ha (UDUNITS-2: 160 rod²).
        #expect(p.map(\.id) == ["P1", "P2"])
        #expect(levels(p[1]) == [-1, -1, -1, -1])
        #expect(abs(p[0].areaHa - 0.404_687_260_987_425) < 1e-12)
        #expect(abs(p[1].areaHa - 2 * 0.404_687_260_987_425) < 1e-12)
        expectError(["nosuch", "not found (--area)"]) { _ = try open(cdl) { n in n.waterLevelVariable = "h"; n.areaVariable = "nosuch" } }
    }

    @Test("Without cf_role, the only text variable on the station dimension is the identifier, with the ncatted fix")
    func identifierWithoutCFRole() throws {
        let cdl = stations(idDeclaration: "string plot(station) ;", level: "double water_level(station, time) ;\n\t\twater_level:units = \"cm\" ;\n\t\t\(areaHa)",
                           data: "water_level = 5, 5, 5, 5, 5, 5, 5, 5 ;\n\tarea = 1, 1 ;")
        let reader = try open(cdl)
        #expect(try paddies(reader).map(\.id) == ["P1", "P2"])
        #expect(reader.notes.contains { $0.contains("ncatted -a cf_role,plot,c,c,timeseries_id") })
        // Two candidates: the error lists them and both fixes.
        let two = stations(idDeclaration: "string plot(station) ;\n\t\tstring farmer(station) ;", level: "double water_level(station, time) ;\n\t\twater_level:units = \"cm\" ;",
                           data: "farmer = \"a\", \"b\" ;\n\twater_level = 5, 5, 5, 5, 5, 5, 5, 5 ;")
        expectError(["cf_role", "candidates: plot, farmer", "--id VAR", "ncatted"]) { _ = try open(two) }
    }

    @Test("Data in a NetCDF-4 group (--group); a root without variables names its groups")
    func group() throws {
        let cdl = stations(level: "double water_level(station, time) ;\n\t\twater_level:units = \"mm\" ;\n\t\t\(areaHa)",
                           data: "water_level = 50, 50, 50, 50, 20, 20, 20, 20 ;\n\tarea = 1, 1 ;", group: "site2024")
        let path = try ncgen(cdl)
        expectError(["no variables in its root group", "/site2024", "--group"]) { _ = try PaddyFileReader(path: path, resampler: try TestModels.resampler()) }
        var names = InputNames()
        names.group = "/site2024"
        let p = try paddies(try PaddyFileReader(path: path, names: names, resampler: try TestModels.resampler()))
        // 20 mm = 2 cm.
        #expect(levels(p[1]) == [2, 2, 2, 2])
        names.group = "/nosuch"
        expectError(["no group \"/nosuch\"", "groups: /site2024"]) { _ = try PaddyFileReader(path: path, names: names, resampler: try TestModels.resampler()) }
    }

    @Test("Flag-coded water_supply and organic_amendment (flag_values / flag_meanings)")
    func flags() throws {
        let cdl = stations(level: """
            double water_level(station, time) ;
                water_level:units = "cm" ;
                \(areaHa)
                byte water_supply(station) ;
                water_supply:flag_values = 1b, 2b, 3b, 4b ;
                water_supply:flag_meanings = "irrigated rainfed deepwater upland" ;
                short organic_amendment(station) ;
                organic_amendment:flag_values = 0s, 1s, 2s ;
                organic_amendment:flag_meanings = "none straw_short compost" ;
                double organic_amendment_rate(station) ;
            """,
            data: "water_level = 5, 5, 5, 5, 5, 5, 5, 5 ;\n\tarea = 1, 1 ;\n\twater_supply = 2, 9 ;\n\torganic_amendment = 1, 0 ;\n\torganic_amendment_rate = 2.5, 0 ;")
        let records = try open(cdl).read(start: 0, count: 2)
        guard case .paddy(let p1) = records[0] else { Issue.record("P1 rejected"); return }
        #expect(p1.waterSupply == .rainfed)
        #expect(p1.amendments == [OrganicAmendment(type: .straw_short, rateTPerHa: 2.5)])
        // Code 9 is not among the flag values: P2 is rejected naming it.
        guard case .rejected(let r) = records[1] else { Issue.record("P2 not rejected"); return }
        #expect(r.reason.contains("flag value 9"))
    }

    @Test("Temperature found by standard_name soil_temperature")
    func temperatureByStandardName() throws {
        let cdl = stations(level: """
            double water_level(station, time) ;
                water_level:units = "cm" ;
                \(areaHa)
                float tsoil(station, time) ;
                tsoil:standard_name = "soil_temperature" ;
                tsoil:units = "K" ;
            """,
            data: "water_level = 5, 5, 5, 5, 5, 5, 5, 5 ;\n\tarea = 1, 1 ;\n\ttsoil = 300.15, 300.15, 300.15, 300.15, 298.15, 298.15, 298.15, 298.15 ;")
        let reader = try open(cdl)
        #expect(reader.found.contains { $0.variable == "tsoil" && $0.role.contains("soil temperature") })
        let p = try paddies(reader)
        // 300.15 K = 27 °C.
        #expect(p[0].temperature?.kind == .soil)
        #expect(p[0].temperature.map { abs(Double($0.valuesC[0]) - 27) < 1e-4 } == true)
    }
}
