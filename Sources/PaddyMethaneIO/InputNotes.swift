/// Settings of the notes on how an input was decoded (`models/water-detection.yaml`).
public struct InputNoteSettings: Sendable, Decodable {
    /// Share of the non-fill water levels removed by a valid range from which `describe` and `run` say so.
    public var validRangeNoteMinShare: Double

    enum CodingKeys: String, CodingKey {
        case validRangeNoteMinShare = "valid_range_note_min_share"
    }
}

extension ModelLibrary {
    /// The input-note settings of `models/water-detection.yaml`.
    public func inputNoteSettings() throws -> InputNoteSettings {
        let url = url(for: "water-detection")
        let settings: InputNoteSettings = try Self.decodeFile(url)
        guard (0...1).contains(settings.validRangeNoteMinShare) else {
            throw ModelError(url: url, message: "valid_range_note_min_share must be between 0 and 1")
        }
        return settings
    }
}

extension MaskCounts {
    /// The note given when the valid range of `variable` removed at least `minShare` of its
    /// non-fill values, naming the count; nil otherwise.
    public func validRangeNote(variable: String, minShare: Double) -> String? {
        guard validRange > 0, validRangeShare >= minShare else { return nil }
        let pct = (validRangeShare * 1000).rounded() / 10
        return "\(variable): valid_range/valid_min/valid_max removed \(validRange) of \(nonFill) non-fill values (\(pct) %); "
            + "check that the valid range does not exclude real levels (below the soil surface levels are negative)"
    }
}
