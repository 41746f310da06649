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

/// The SHA-256 of a file computed on a thread of its own from the moment it is made, so that
/// hashing a large input overlaps reading it instead of delaying the first block; `value()`
/// waits for it.
public final class PendingChecksum: @unchecked Sendable {
    public let path: String
    private let done = DispatchGroup()
    /// Written once by the hashing thread before `done` is left; read only after waiting on it.
    private var result: Result<String, any Error> = .success("")

    public init(path: String) {
        self.path = path
        done.enter()
        Thread { [self] in
            result = Result { try ChecksumFile.sha256(path) }
            done.leave()
        }.start()
    }

    /// The lowercase hex digest (`ChecksumFile.sha256`), once computed.
    public func value() throws -> String {
        done.wait()
        return try result.get()
    }
}
