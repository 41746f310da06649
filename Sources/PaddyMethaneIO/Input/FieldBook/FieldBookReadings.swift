import PaddyMethane

/// The readings file of a field book, grouped by plot: each plot's observations sorted by time,
/// or the first problem of its rows (file, line and column named).
struct FieldBookReadings {
    let path: String
    /// Plot ids in the order of their first reading.
    private(set) var order: [String] = []
    private(set) var byPlot: [String: PlotReadings] = [:]
    /// Readings that repeat another (same plot, time and values), kept once.
    private(set) var exactDuplicates = 0

    /// The columns found (header problems stop the run), then every row.
    init(_ table: CSVFile, survey: inout SourceSurvey) throws(InputError) {
        path = table.path
        let columns = try HeaderMap(table, roles: FieldBookRole.readings, freeColumns: false, survey: &survey)
        guard let idColumn = columns[.plotID], let timeColumn = columns[.time], let levelColumn = columns[.waterLevel] else {
            let missing = [FieldBookRole.plotID, .time, .waterLevel].filter { columns[$0] == nil }.map { $0.names[0] }
            throw columns.fail(line: table.headerLine, "the header has no \(missing.joined(separator: ", ")) column (found: \(table.header.joined(separator: ", ")))")
        }
        let unitColumn = columns[.unit]
        // The level's unit: in the header or in a unit column, not both.
        let headerUnit = columns.headers[levelColumn]!.unit
        var headerFactor: Double? = nil
        switch (headerUnit, unitColumn) {
        case (nil, nil):
            throw columns.fail(line: table.headerLine, column: levelColumn, "the water level has no unit: name it in the header (water_level_cm, level [mm]) or add a unit column")
        case (.some, .some(let u)):
            throw columns.fail(line: table.headerLine, column: u, "the water level's unit is named both in its header and in this unit column: keep one")
        case (.some(let u), nil):
            guard let f = CFUnits.centimetres(per: u) else {
                throw columns.fail(line: table.headerLine, column: levelColumn, "\"\(u)\" is not a length unit (UDUNITS-2: m, cm, mm, inch, ft, 1e-2 m, …)")
            }
            headerFactor = f
        case (nil, .some): break
        }
        survey.levelVariableName = table.header[levelColumn]
        survey.levelUnits = headerUnit ?? "per row (column \(table.header[unitColumn!]))"
        survey.found.append((table.header[idColumn], "plot identifier"))
        survey.found.append((table.header[timeColumn], "date or date-time (local time, standard calendar)"))
        survey.found.append((table.header[levelColumn], "water level [\(survey.levelUnits)] → cm"))
        var temperature: (column: Int, kind: DailyTemperature.Kind, factor: Double, offset: Double)? = nil
        for (role, kind) in [(FieldBookRole.soilTemperature, DailyTemperature.Kind.soil), (.airTemperature, .air)] {
            guard let c = columns[role] else { continue }
            guard temperature == nil else {
                survey.defaults.append("\(table.header[c]) ignored: the soil temperature is used when both are given")
                continue
            }
            let u = columns.headers[c]!.unit ?? ""
            guard let (f, o) = CFUnits.celsius(from: u) else {
                throw columns.fail(line: table.headerLine, column: c, "\"\(u)\" is not a temperature unit (name it in the header: soil_temperature_degC, air_temperature [K])")
            }
            temperature = (c, kind, f, o)
            survey.found.append((table.header[c], "\(kind == .soil ? "soil" : "air") temperature [\(u)] → °C (process model)"))
        }
        if temperature == nil { survey.defaults.append("no soil or air temperature column: the process model uses the monthly climatology") }

        var rowsByPlot: [String: [Int]] = [:]
        for r in 0..<table.rowCount {
            let id = table[r, idColumn]
            guard !id.isEmpty else { throw columns.fail(line: table.lines[r], column: idColumn, "the plot id is empty: every reading needs its plot") }
            if rowsByPlot[id] == nil { order.append(id) }
            rowsByPlot[id, default: []].append(r)
        }
        var unitFactors: [String: Double] = [:]
        // Field books repeat the same dates across plots: each date text is parsed once.
        var timeCache: [String: Double] = [:]
        for id in order {
            let rows = rowsByPlot[id]!
            var p = PlotReadings(firstLine: table.lines[rows.first!], lastLine: table.lines[rows.last!])
            p.observations = Self.observations(rows, table, columns, time: timeColumn, level: levelColumn, unit: unitColumn,
                                               headerFactor: headerFactor, unitFactors: &unitFactors, timeCache: &timeCache, temperature: temperature,
                                               masking: &p.masking, exactDuplicates: &exactDuplicates)
            byPlot[id] = p
        }
    }

    /// One plot's rows as observations sorted by time, or the first problem (file, line, column).
    private static func observations(_ rows: [Int], _ t: CSVFile, _ columns: HeaderMap, time: Int, level: Int, unit: Int?,
                                     headerFactor: Double?, unitFactors: inout [String: Double], timeCache: inout [String: Double],
                                     temperature: (column: Int, kind: DailyTemperature.Kind, factor: Double, offset: Double)?,
                                     masking: inout MaskCounts, exactDuplicates: inout Int)
        -> Result<PlotSeries, PaddyProblem> {
        var readings: [(seconds: Double, cm: Double, celsius: Double, line: Int)] = []
        readings.reserveCapacity(rows.count)
        for r in rows {
            let line = t.lines[r]
            func problem(_ c: Int, _ p: PaddyProblem) -> Result<PlotSeries, PaddyProblem> {
                .failure(columns.where(line: line, column: c) + ": " + p.reason)
            }
            let seconds: Double, text = t[r, time]
            if let s = timeCache[text] { seconds = s } else {
                switch FieldBookCell.seconds(text) {
                case .failure(let p): return problem(time, p)
                case .success(let s): seconds = s
                }
                timeCache[text] = seconds
            }
            var factor = headerFactor ?? 1
            if let unit {
                let u = t[r, unit]
                if let f = unitFactors[u] { factor = f } else {
                    guard let f = CFUnits.centimetres(per: u) else {
                        return problem(unit, PaddyProblem(reason: "\"\(u)\" is not a length unit (UDUNITS-2: m, cm, mm, inch, ft, …)"))
                    }
                    unitFactors[u] = f
                    factor = f
                }
            }
            masking.values += 1
            let cm: Double
            switch FieldBookCell.number(t[r, level]) {
            case .failure(let p): return problem(level, p)
            case .success(let v):
                if v == nil { masking.fillOrMissing += 1 }
                cm = v.map { $0 * factor } ?? .nan
            }
            var celsius = Double.nan
            if let temperature {
                switch FieldBookCell.number(t[r, temperature.column]) {
                case .failure(let p): return problem(temperature.column, p)
                case .success(let v): celsius = v.map { $0 * temperature.factor + temperature.offset } ?? .nan
                }
            }
            readings.append((seconds, cm, celsius, line))
        }
        readings.sort { ($0.seconds, $0.line) < ($1.seconds, $1.line) }
        var kept: [(seconds: Double, cm: Double, celsius: Double, line: Int)] = []
        kept.reserveCapacity(readings.count)
        for r in readings {
            if let p = kept.last, p.seconds == r.seconds {
                let same = (p.cm == r.cm || (p.cm.isNaN && r.cm.isNaN)) && (p.celsius == r.celsius || (p.celsius.isNaN && r.celsius.isNaN))
                guard same else {
                    return .failure("\(t.path) lines \(p.line) and \(r.line): two different readings at the same time (\(Self.text(r.seconds))): keep one")
                }
                exactDuplicates += 1
                continue
            }
            kept.append(r)
        }
        let units = FieldBookSource.timeUnits
        let days = kept.map { units.dayNumber($0.seconds) }
        guard CFTimeDecoder.plausibleDay(days.first!), CFTimeDecoder.plausibleDay(days.last!) else {
            return .failure("\(t.path) line \(kept.first!.line): dates outside years 1 to 9999")
        }
        guard days.last! - days.first! <= CFTimeDecoder.maxSpanDays else {
            return .failure("\(t.path) lines \(t.lines[rows.first!])–\(t.lines[rows.last!]): readings span more than \(CFTimeDecoder.maxSpanDays / 365) years")
        }
        let span = Int(days.first!.rounded(.down))...Int(days.last!.rounded(.down))
        let level = Observations(times: days, values: kept.map(\.cm), span: span)
        let temp = temperature.map { (kind: $0.kind, observations: Observations(times: days, values: kept.map(\.celsius), span: span)) }
        return .success(PlotSeries(seconds: kept.map(\.seconds), level: level, temperature: temp))
    }

    /// A time of the field book as text (date, and time of day when not midnight).
    static func text(_ seconds: Double) -> String {
        let day = Int((seconds / 86_400).rounded(.down))
        let date = CFCalendar.standard.date(ofDay: day + FieldBookCell.epochDay)
        let s = Int(seconds - Double(day) * 86_400)
        return s == 0 ? "\(date)" : "\(date) " + String(format: "%02d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
    }
}

/// One plot's series: the observation times as read [s since 1970-01-01 00:00, local] (what
/// `import` archives), the levels [cm] and the temperatures [°C] on those times.
struct PlotSeries: Sendable {
    var seconds: [Double]
    var level: Observations
    var temperature: (kind: DailyTemperature.Kind, observations: Observations)?
}

/// One plot's readings: the lines they are on, their observations or first problem, and the
/// masking count of their levels (missing cells).
struct PlotReadings: Sendable {
    var firstLine: Int
    var lastLine: Int
    var observations: Result<PlotSeries, PaddyProblem> = .failure("no readings")
    var masking = MaskCounts()
}

/// The columns of one CSV file by role (each role at most once), with the free columns (plot
/// sheet attributes) and the ignored index column of a pandas `to_csv`.
struct HeaderMap {
    let path: String
    let header: [String]
    private(set) var headers: [Int: FieldBookHeader] = [:]
    private var byRole: [FieldBookRole: Int] = [:]
    /// Season columns by season number: (start, end) column.
    private(set) var seasons: [Int: (start: Int?, end: Int?)] = [:]
    /// Free columns (plot sheet): column and its name as written.
    private(set) var free: [(column: Int, name: String)] = []

    subscript(role: FieldBookRole) -> Int? { byRole[role] }

    init(_ table: CSVFile, roles: [FieldBookRole], freeColumns: Bool, survey: inout SourceSurvey) throws(InputError) {
        path = table.path
        header = table.header
        let valid = FieldBookHeader.allNames(roles)
        for (c, raw) in table.header.enumerated() {
            let key = FieldBookHeader.normalized(raw)
            if c == 0 && (key.isEmpty || key.hasPrefix("unnamed")) {
                survey.notes.append("\(table.path): column 1 has \(key.isEmpty ? "no name" : "the name \"\(raw)\"") and is read as a row index (pandas to_csv writes one): ignored")
                continue
            }
            guard !key.isEmpty else { throw fail(line: table.headerLine, column: c, "a column has no name: name it or delete it") }
            guard let h = FieldBookHeader(raw, roles: roles) else {
                let near = nearestName(raw, among: valid)
                if freeColumns && (near.distance > 2 || key.count <= 3) {
                    guard !free.contains(where: { $0.name == raw }) else { throw fail(line: table.headerLine, column: c, "the column \"\(raw)\" appears twice") }
                    free.append((c, raw))
                    continue
                }
                let what = freeColumns ? "looks like \"\(near.name)\" misspelt (other columns are kept as free attributes; rename it if it is one)"
                    : "is not a column of a readings file (nearest: \"\(near.name)\"; accepted: \(valid.joined(separator: ", ")))"
                throw fail(line: table.headerLine, column: c, "\"\(raw)\" \(what)")
            }
            if h.role == .seasonStart || h.role == .seasonEnd {
                var pair = seasons[h.season] ?? (nil, nil)
                let taken = h.role == .seasonStart ? pair.start : pair.end
                if let other = taken { throw fail(line: table.headerLine, column: c, "\"\(raw)\" repeats column \(other + 1) (\"\(table.header[other])\")") }
                if h.role == .seasonStart { pair.start = c } else { pair.end = c }
                seasons[h.season] = pair
            } else {
                if let other = byRole[h.role] { throw fail(line: table.headerLine, column: c, "\"\(raw)\" and column \(other + 1) (\"\(table.header[other])\") are both the \(h.role.names[0])") }
                byRole[h.role] = c
            }
            headers[c] = h
        }
        for (n, pair) in seasons where pair.start == nil || pair.end == nil {
            throw fail(line: table.headerLine, column: (pair.start ?? pair.end)!, "season \(n) has a \(pair.start == nil ? "season_end" : "season_start") column but no \(pair.start == nil ? "season_start" : "season_end")")
        }
    }

    /// `file: line L, column C ("header")`.
    func `where`(line: Int, column: Int) -> String { "\(path): line \(line), column \(column + 1) (\"\(header[column])\")" }

    func fail(line: Int, column: Int, _ m: String) -> InputError { InputError(path: path, "line \(line), column \(column + 1) (\"\(header[column])\"): \(m)") }
    func fail(line: Int, _ m: String) -> InputError { InputError(path: path, "line \(line): \(m)") }
}
