extension String {
    /// The lines of an operator's text file, for a reader that numbers them: the text split at every `\n`, one
    /// `\r` at the end of each line dropped, so that a file saved with CRLF line ends (Windows editors, some
    /// configuration management) reads line for line as its LF twin. A final line end leaves an empty last line,
    /// as a split on `\n` that keeps empty pieces does, so line N of the file is always element N - 1.
    ///
    /// Splits the Unicode scalars, not the `Character`s: Swift reads `\r\n` as one `Character`, never equal to
    /// `\n`, so `split(separator: "\n")` on a `String` runs CRLF lines together. A `\r` elsewhere stays in its line.
    package var fileLines: [Substring] {
        unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            Substring(line.last == "\r" ? line.dropLast() : line)
        }
    }
}
