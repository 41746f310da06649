public import PaddyMethane

/// The input a command reads: a CF timeSeries NetCDF file or a CSV field book. One concrete
/// type, so that the runners stay generic over a statically known source.
public enum InputSource: PaddySource {
    case netCDF(PaddyFileReader)
    case fieldBook(FieldBookSource)

    /// A field book when `plots` is given, else a NetCDF file (a `.csv` input without `plots` is
    /// refused with the fix).
    public init(path: String, plots: String?, names: InputNames = InputNames(), resampler: DailyResampler,
                requireArea: Bool = true, threads: Int? = nil) throws(InputError) {
        if let plots {
            self = .fieldBook(try FieldBookSource(readings: path, plots: plots, resampler: resampler, requireArea: requireArea))
            return
        }
        if path.lowercased().hasSuffix(".csv") {
            throw InputError(path: path, "is a CSV file: a field book needs its plot sheet too (--plots plots.csv, one row per plot with its area)")
        }
        self = .netCDF(try PaddyFileReader(path: path, names: names, resampler: resampler, requireArea: requireArea, threads: threads))
    }

    private var source: any PaddySource {
        switch self {
        case .netCDF(let r): r
        case .fieldBook(let f): f
        }
    }

    public var path: String { source.path }
    public var paddyCount: Int { source.paddyCount }
    public var calendar: CFCalendar { source.calendar }
    public var geometry: SourceGeometry { source.geometry }
    public var survey: SourceSurvey { source.survey }
    public var resampler: DailyResampler { source.resampler }

    public func readBlock(_ range: Range<Int>) throws(InputError) -> SourceBlock {
        switch self {
        case .netCDF(let r): try r.readBlock(range)
        case .fieldBook(let f): try f.readBlock(range)
        }
    }

    public func paddyID(at index: Int) throws(InputError) -> String {
        switch self {
        case .netCDF(let r): try r.paddyID(at: index)
        case .fieldBook(let f): try f.paddyID(at: index)
        }
    }
}
