import CommandLineSupport
import ToolkitSupport
import ZKProbe

/// The credentials of the client probe (`--auth-file FILE`), never given on the command line, where `ps` and
/// shell histories would show them.
///
/// One credential a line, `digest USER:PASSWORD` (what zkCli's `addauth digest USER:PASSWORD` takes): the user
/// up to the first `:`, the password the rest of the line (it may hold `:`, `#` and spaces). Blanks around a line
/// are ignored; blank lines and lines starting with `#` are comments. Refused: any other line, an empty user, a
/// control character, a file without a credential, a file over ``maximumBytes``. No error quotes a line, which
/// may hold a password.
enum AuthFile {
    /// The most read: a few credentials fit in far less.
    static let maximumBytes = 4 << 10
    /// The one scheme the probe sends.
    static let scheme = "digest"

    /// The credentials of the file at `path`, read through `readFile`, in order.
    /// - Throws: `AuthFileError`, one line naming `--auth-file`, the path and (for a bad line) its number.
    static func credentials(at path: String, readFile: TextFile.Reader) throws(AuthFileError) -> [DigestCredential] {
        let text: String
        do { text = try readFile(path) } catch { throw AuthFileError("\(error)") }
        guard text.utf8.count <= maximumBytes else {
            throw AuthFileError(
                "\(TextFileError(path: path, what: "auth file", problem: .tooLarge(limit: maximumBytes)))")
        }
        return try credentials(in: text, path: path)
    }

    /// The credentials of `text`, the contents of the file at `path`.
    static func credentials(in text: String, path: String) throws(AuthFileError) -> [DigestCredential] {
        var credentials: [DigestCredential] = []
        for (index, rawLine) in text.fileLines.enumerated() {
            let line = rawLine.trimmingBlanks()
            if line.isEmpty || line.hasPrefix("#") { continue }
            func fail(_ problem: String) -> AuthFileError {
                AuthFileError("\(oneLine(path)):\(index + 1): \(problem)")
            }
            let expected =
                "expected \(scheme) USER:PASSWORD (the one scheme the probe sends), a # comment or a blank line"
            guard let blank = line.firstIndex(where: { $0 == " " || $0 == "\t" }), line[..<blank] == scheme else {
                throw fail(expected)
            }
            let identity = String(line[blank...]).trimmingBlanks()
            guard let colon = identity.firstIndex(of: ":") else { throw fail(expected + "; no : after the user") }
            let user = String(identity[..<colon])
            let password = String(identity[identity.index(after: colon)...])
            if user.isEmpty { throw fail("the user before : is empty; write \(scheme) USER:PASSWORD") }
            if identity.unicodeScalars.contains(where: actsOnOutput) {
                throw fail("a control character (tab, escape, line separator) in the user or password; remove it")
            }
            credentials.append(DigestCredential(user: user, password: password))
        }
        guard !credentials.isEmpty else {
            throw AuthFileError("\(oneLine(path)): no credential; write a line such as: \(scheme) zkprobe:PASSWORD")
        }
        return credentials
    }
}

/// Why ``AuthFile`` refused a file: one line that starts with `--auth-file` and never quotes a password.
struct AuthFileError: Error, Sendable, Equatable, CustomStringConvertible {
    var description: String

    init(_ problem: String) { description = "\(CheckCommand.authFileOption.name) \(problem)" }
}
