/// A region code table (`--region-codes FILE.csv`) for an integer region raster: header
/// `code,region`, one integer code and its region name a line.
public enum RegionCodeTable {
    public static func read(_ path: String) throws(InputError) -> [Int: String] {
        let csv = try CSVFile(path: path)
        guard csv.header.map({ $0.lowercased() }) == ["code", "region"] else {
            throw InputError(path: path, "line \(csv.headerLine): the header must be code,region")
        }
        var table: [Int: String] = [:]
        for r in 0..<csv.rowCount {
            guard let code = Int(csv[r, 0]), !csv[r, 1].isEmpty else {
                throw InputError(path: path, "line \(csv.lines[r]): expected an integer code and a region name, got \"\(csv[r, 0]),\(csv[r, 1])\"")
            }
            guard table[code] == nil else { throw InputError(path: path, "line \(csv.lines[r]): code \(code) is given twice") }
            table[code] = csv[r, 1]
        }
        return table
    }
}
