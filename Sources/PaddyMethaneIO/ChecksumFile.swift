import Crypto
import Foundation

/// SHA-256 checksums of files (FIPS 180-4, by swift-crypto), for manifests.
public enum ChecksumFile {
    /// The lowercase hex digest of the file at `path`, read in 1 MiB pieces.
    public static func sha256(_ path: String) throws -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw CocoaError(.fileReadNoSuchFile, userInfo: [NSFilePathErrorKey: path]) }
        defer { try? handle.close() }
        var hash = SHA256()
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty { hash.update(data: chunk) }
        return hash.finalize().map { String(format: "%02x", $0) }.joined()
    }
}
