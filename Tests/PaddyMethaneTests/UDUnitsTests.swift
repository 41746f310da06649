import Foundation
import Testing
@testable import PaddyMethaneIO

/// Lengths and areas read with the UDUNITS-2 grammar; every factor worked from the definition in
/// the UDUNITS-2 database (udunits2-base/-accepted/-common/-prefixes.xml), not from the code.
@Suite("UDUNITS-2 lengths and areas")
struct UDUnitsTests {
    private func cm(_ u: String) -> Double? { CFUnits.centimetres(per: u) }
    private func ha(_ u: String) -> Double? { CFUnits.hectares(per: u) }
    private func close(_ a: Double?, _ b: Double) -> Bool { a.map { abs($0 - b) <= 1e-12 * max(1, abs(b)) } ?? false }

    @Test("Lengths: SI prefixes, imperial and survey units, scale factors")
    func lengths() {
        // meter (base); prefixes: centi 1e-2, milli 1e-3, kilo 1e3, micro 1e-6, deci 1e-1, deka 10.
        #expect(close(cm("m"), 100))
        #expect(close(cm("cm"), 1))
        #expect(close(cm("centimeters"), 1))
        #expect(close(cm("millimetre"), 0.1))
        #expect(close(cm("km"), 100_000))
        #expect(close(cm("um"), 1e-4))
        #expect(close(cm("\u{B5}m"), 1e-4))
        #expect(close(cm("dm"), 10))
        #expect(close(cm("dam"), 1000))
        // inch = 2.54 cm; foot = 12 in = 30.48 cm; yard = 3 ft = 91.44 cm.
        #expect(close(cm("inch"), 2.54))
        #expect(close(cm("in"), 2.54))
        #expect(close(cm("inches"), 2.54))
        #expect(close(cm("ft"), 30.48))
        #expect(close(cm("foot"), 30.48))
        #expect(close(cm("yd"), 91.44))
        // US_survey_foot = 1200/3937 m = 30.480061 cm.
        #expect(close(cm("US_survey_foot"), 120_000.0 / 3937))
        // Scale factors: "1e-2 m" is a centimetre; "0.01 m", "10 mm", "100 um" too (100 × 1e-4 cm).
        #expect(close(cm("1e-2 m"), 1))
        #expect(close(cm("0.01 m"), 1))
        #expect(close(cm("10 mm"), 1))
        #expect(close(cm("100 um"), 0.01))
        // Case: symbols are case-sensitive (Mm = megametre = 1e8 cm); an all-caps form that is no unit reads in lower case.
        #expect(close(cm("Mm"), 1e8))
        #expect(close(cm("MM"), 0.1))
        #expect(close(cm("CM"), 1))
        // Not lengths.
        for u in ["m2", "ha", "kg", "s", "m/s", "", "degC", "cm-1", "0 m", "-1 m", "1e-2", "meters per second"] { #expect(cm(u) == nil, "\(u)") }
    }

    @Test("Areas: are, hectare, acre, squared lengths")
    func areas() {
        // are = dam² = 100 m² = 0.01 ha; hectare = 100 are = 1 ha; ha = hecto-are.
        #expect(close(ha("are"), 0.01))
        #expect(close(ha("a"), 0.01))
        #expect(close(ha("ares"), 0.01))
        #expect(close(ha("hectare"), 1))
        #expect(close(ha("hectares"), 1))
        #expect(close(ha("ha"), 1))
        // acre = 160 rod², rod = 16.5 US survey feet = 16.5 × 1200/3937 m = 5.0292101 m:
        // 160 × 5.0292101² = 4046.8726 m² = 0.40468726 ha.
        #expect(close(ha("acre"), 160 * pow(16.5 * 1200 / 3937, 2) / 10_000))
        #expect(close(ha("acres"), 0.404_687_260_987_425))
        // Squared lengths: cm² = 1e-4 m² = 1e-8 ha; ft² = 0.3048² m² = 0.09290304 m²; km² = 100 ha.
        #expect(close(ha("cm2"), 1e-8))
        #expect(close(ha("m2"), 1e-4))
        #expect(close(ha("m^2"), 1e-4))
        #expect(close(ha("m**2"), 1e-4))
        #expect(close(ha("ft2"), 0.092_903_04 / 10_000))
        #expect(close(ha("km2"), 100))
        #expect(close(ha("100 m2"), 0.01))
        #expect(close(ha("square meters"), 1e-4))
        // Not areas.
        for u in ["m", "m3", "ha2", "acre2", "kg", "", "hectare foot"] { #expect(ha(u) == nil, "\(u)") }
    }
}
