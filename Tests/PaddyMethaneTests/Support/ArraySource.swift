import Foundation
@testable import PaddyMethane
@testable import PaddyMethaneIO

/// A `PaddySource` with no file behind it: observations from arrays. It shows that the run takes
/// any source (the seam a CSV field book or a satellite grid would use).
struct ArraySource: PaddySource {
    /// What the manifest records as the input (it hashes the file named here).
    let path: String
    let calendar = CFCalendar.standard
    let geometry = SourceGeometry.stations(sharedTimeSpan: nil)
    let resampler: DailyResampler
    let paddies: [ObservedPaddy]
    var paddyCount: Int { paddies.count }
    var survey: SourceSurvey {
        SourceSurvey(format: "arrays", layout: SeriesLayout(name: "arrays", description: "arrays in memory"),
                     timeUnits: CFTimeUnits("days since 2024-06-01", calendar: .standard)!, levelVariableName: "water_level", levelUnits: "cm")
    }

    func readBlock(_ range: Range<Int>) throws(InputError) -> SourceBlock {
        SourceBlock(records: paddies[range].map { .observed($0) }, levelMasking: MaskCounts())
    }
    func paddyID(at index: Int) throws(InputError) -> String { paddies[index].id }
}
