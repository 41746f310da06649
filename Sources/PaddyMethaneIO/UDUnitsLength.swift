import Foundation

/// The UDUNITS-2 grammar for lengths and areas, the subset CF files and field sheets use:
/// `[number][ |*|.][prefix]unit[exponent]`, e.g. `cm`, `1e-2 m`, `0.01 m`, `inch`, `ft`, `acre`,
/// `are`, `hectare`, `ha`, `cm2`, `m^2`, `km**2`, `100 m2`. No units library fits (the package
/// mirror has none), so the units and prefixes below are copied from the UDUNITS-2 database
/// (Unidata UDUNITS-2, `lib/udunits2-base.xml`, `udunits2-accepted.xml`, `udunits2-common.xml`,
/// `udunits2-prefixes.xml`), each with the definition it has there.
///
/// As in UDUNITS-2, symbols are case-sensitive (`Mm` is a megametre) and names are not; a
/// string that is not a unit as written but is one in lower case (`MM`, `CM`, `M` on field sheets)
/// is read in lower case. Plural names (`meters`, `feet`, `inches`, `acres`) are accepted. The
/// spelled-out forms `square meters`, `square_kilometre` of earlier versions are read as the unit
/// squared. Anything else (products, quotients, offsets, logarithms) is not a length or an area
/// and gives nil.
struct UDUnitsLength: Equatable {
    /// Metres (power 1) or square metres (power 2) per unit.
    let metres: Double
    /// 1 for a length, 2 for an area.
    let power: Int

    init?(_ text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let u = Self.parse(trimmed) ?? Self.parse(trimmed.lowercased()) { self = u } else { return nil }
    }

    private init(metres: Double, power: Int) { (self.metres, self.power) = (metres, power) }

    /// `[number][separator]term`.
    private static func parse(_ text: String) -> UDUnitsLength? {
        var rest = Substring(text)
        var scale = 1.0
        let number = rest.prefix { $0.isNumber || "+-.eE".contains($0) }
        if !number.isEmpty, number.first!.isNumber || number.first == "." || number.first == "-" || number.first == "+" {
            // A leading number is a scale factor only when a unit follows it.
            guard let v = Double(number), v.isFinite, v > 0 else { return nil }
            scale = v
            rest = rest[number.endIndex...]
            let separated = rest.first == " " || rest.first == "*" || rest.first == "."
            rest = rest.drop { $0 == " " || $0 == "*" || $0 == "." }
            guard !rest.isEmpty, separated || rest.first?.isLetter == true else { return nil }
        }
        var squared = false
        for spelled in ["square ", "square_", "square"] where rest.lowercased().hasPrefix(spelled) {
            rest = rest.dropFirst(spelled.count)
            squared = true
            break
        }
        guard var term = term(rest) else { return nil }
        if squared {
            guard term.power == 1 else { return nil }
            term = UDUnitsLength(metres: term.metres * term.metres, power: 2)
        }
        return UDUnitsLength(metres: scale * term.metres, power: term.power)
    }

    /// `[prefix]unit[exponent]` with exponent `2`, `^2` or `**2` (or 1).
    private static func term(_ text: Substring) -> UDUnitsLength? {
        var body = text, exponent = 1
        for marker in ["**", "^", ""] {
            guard let last = body.last, last.isNumber else { break }
            let digits = body.reversed().prefix { $0.isNumber }
            let head = body.dropLast(digits.count)
            guard head.hasSuffix(marker), let e = Int(String(digits.reversed())) else { continue }
            body = head.dropLast(marker.count)
            exponent = e
            break
        }
        guard (1...2).contains(exponent), !body.isEmpty, let u = unit(String(body)) else { return nil }
        let power = u.power * exponent
        guard power <= 2 else { return nil }
        return UDUnitsLength(metres: pow(u.metres, Double(exponent)), power: power)
    }

    /// A unit name or symbol, with an optional prefix (names with names, symbols with symbols).
    private static func unit(_ word: String) -> UDUnitsLength? {
        if let u = symbols[word] ?? names[word.lowercased()] { return u }
        for (prefix, factor) in prefixSymbols where word.hasPrefix(prefix) {
            if let u = symbols[String(word.dropFirst(prefix.count))] { return u.scaled(by: factor) }
        }
        let lower = word.lowercased()
        for (prefix, factor) in prefixNames where lower.hasPrefix(prefix) {
            if let u = names[String(lower.dropFirst(prefix.count))] { return u.scaled(by: factor) }
        }
        return nil
    }

    /// A prefix multiplies the unit (an area unit's prefix too: `ha` is 100 are).
    private func scaled(by factor: Double) -> UDUnitsLength { UDUnitsLength(metres: metres * factor, power: power) }

    private static func length(_ m: Double) -> UDUnitsLength { UDUnitsLength(metres: m, power: 1) }
    private static func area(_ m2: Double) -> UDUnitsLength { UDUnitsLength(metres: m2, power: 2) }

    // udunits2-common.xml: US_survey_foot "(1200/3937) m"; rod, pole, perch "16.5 US_survey_feet".
    private static let usSurveyFootM = 1200.0 / 3937.0
    private static let rodM = 16.5 * usSurveyFootM
    private static let inchM = 0.0254  // "2.54 cm" (international_inch)

    /// Unit symbols (case-sensitive).
    private static let symbols: [String: UDUnitsLength] = [
        "m": length(1),                 // udunits2-base.xml: meter, symbol m
        "in": length(inchM),            // udunits2-common.xml: inch, "2.54 cm"
        "ft": length(12 * inchM),       // foot, "12 international_inches"
        "yd": length(36 * inchM),       // yard, "3 international_feet"
        "mi": length(63_360 * inchM),   // mile, "5280 international_feet"
        "a": area(100),                 // udunits2-accepted.xml: are, "dam^2", symbol a
    ]

    /// Unit names, singular and plural (lower case).
    private static let names: [String: UDUnitsLength] = {
        var n: [String: UDUnitsLength] = [:]
        func add(_ singular: String, _ plural: String? = nil, _ u: UDUnitsLength) {
            n[singular] = u
            n[plural ?? singular + "s"] = u
        }
        add("meter", nil, length(1)); add("metre", nil, length(1))                    // udunits2-base.xml
        add("international_inch", "international_inches", length(inchM))           // common: "2.54 cm"
        add("inch", "inches", length(inchM))
        add("international_foot", "international_feet", length(12 * inchM))        // "12 international_inches"
        add("foot", "feet", length(12 * inchM))
        add("international_yard", nil, length(36 * inchM)); add("yard", nil, length(36 * inchM))  // "3 international_feet"
        add("international_mile", nil, length(63_360 * inchM)); add("mile", nil, length(63_360 * inchM))  // "5280 international_feet"
        add("us_survey_foot", "us_survey_feet", length(usSurveyFootM))             // "(1200/3937) m"
        add("us_survey_yard", nil, length(3 * usSurveyFootM))                      // "3 US_survey_feet"
        add("us_survey_mile", nil, length(5280 * usSurveyFootM))                   // "5280 US_survey_feet"
        add("us_statute_mile", nil, length(5280 * usSurveyFootM))
        add("rod", nil, length(rodM)); add("pole", nil, length(rodM)); add("perch", "perches", length(rodM))  // "16.5 US_survey_feet"
        add("chain", nil, length(20.11684))                                        // "2.011684e1 m"
        add("furlong", nil, length(660 * usSurveyFootM))                           // "660 US_survey_feet"
        add("fathom", nil, length(6 * usSurveyFootM))                              // "6 US_survey_feet"
        add("micron", nil, length(1e-6))                                           // "1e-6 m"
        add("angstrom", nil, length(1e-10))                                        // accepted: "1e-10 m"
        add("nautical_mile", nil, length(1852))                                    // accepted: "1852 m"
        add("are", nil, area(100))                                                 // accepted: "dam^2"
        add("hectare", nil, area(10_000))                                          // accepted: "100 are"
        add("acre", nil, area(160 * rodM * rodM))                                  // common: "160 rod^2" (exact)
        return n
    }()

    // udunits2-prefixes.xml (the longest symbol first, so that "da" is deka before "d" deci).
    private static let prefixSymbols: [(String, Double)] = [
        ("da", 1e1), ("Y", 1e24), ("Z", 1e21), ("E", 1e18), ("P", 1e15), ("T", 1e12), ("G", 1e9), ("M", 1e6), ("k", 1e3),
        ("h", 1e2), ("d", 1e-1), ("c", 1e-2), ("m", 1e-3), ("\u{B5}", 1e-6), ("\u{3BC}", 1e-6), ("u", 1e-6), ("n", 1e-9),
        ("p", 1e-12), ("f", 1e-15), ("a", 1e-18), ("z", 1e-21), ("y", 1e-24),
    ]
    private static let prefixNames: [(String, Double)] = [
        ("yotta", 1e24), ("zetta", 1e21), ("exa", 1e18), ("peta", 1e15), ("tera", 1e12), ("giga", 1e9), ("mega", 1e6),
        ("kilo", 1e3), ("hecto", 1e2), ("deka", 1e1), ("deci", 1e-1), ("centi", 1e-2), ("milli", 1e-3),
        ("micro", 1e-6), ("nano", 1e-9), ("pico", 1e-12), ("femto", 1e-15), ("atto", 1e-18), ("zepto", 1e-21), ("yocto", 1e-24),
    ]
}
