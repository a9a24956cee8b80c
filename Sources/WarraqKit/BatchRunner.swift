import DocumentModel

/// What became of one document of a batch.
public struct BatchOutcome: Sendable {
    public enum Status: Sendable, Hashable { case converted, failed, skipped }

    public var status: Status
    /// Warnings and errors, in the order they arose.
    public var diagnostics: [Diagnostic]
    /// The bytes to write in order (a record of a collection, a document for standard output);
    /// nil when the document went to its own file.
    public var bytes: [UInt8]?

    public init(status: Status, diagnostics: [Diagnostic] = [], bytes: [UInt8]? = nil) {
        self.status = status
        self.diagnostics = diagnostics
        self.bytes = bytes
    }
}

/// Runs the documents of a batch concurrently and hands their outcomes back in input order,
/// so that what is written does not depend on the number of jobs.
///
/// At most `jobs` documents are converted at once, and at most `4 × jobs` finished ones wait
/// for an earlier slow one, so memory stays bounded however long the batch is.
public struct BatchRunner: Sendable {
    /// Documents converted at once.
    public var jobs: Int
    /// Stop starting new documents after the first failure.
    public var failFast: Bool

    public init(jobs: Int, failFast: Bool = false) {
        self.jobs = max(1, jobs)
        self.failFast = failFast
    }

    /// Converts `items` with `work` (called concurrently) and passes each outcome to `emit`
    /// in input order. Returns how many items were started (fewer than all after a fail-fast stop).
    @discardableResult
    public func run(
        _ items: [BatchItem],
        work: @escaping @Sendable (BatchItem) -> BatchOutcome,
        emit: (BatchItem, BatchOutcome) -> Void
    ) async -> Int {
        if jobs == 1 {
            // One at a time, in this task: no task to start and no thread to wake per document,
            // which costs as much as converting a short article.
            var started = 0
            for item in items {
                let outcome = work(item)
                started += 1
                emit(item, outcome)
                if failFast && outcome.status == .failed { break }
            }
            return started
        }
        let window = jobs * 4
        return await withTaskGroup(of: (Int, BatchOutcome).self, returning: Int.self) { group in
            var nextToStart = 0, nextToEmit = 0, running = 0
            var stopped = false
            var finished: [Int: BatchOutcome] = [:]
            func startMore() {
                while !stopped && running < jobs && nextToStart < items.count && nextToStart - nextToEmit < window {
                    let index = nextToStart, item = items[index]
                    group.addTask { (index, work(item)) }
                    nextToStart += 1
                    running += 1
                }
            }
            startMore()
            while let (index, outcome) = await group.next() {
                running -= 1
                finished[index] = outcome
                while let ready = finished.removeValue(forKey: nextToEmit) {
                    emit(items[nextToEmit], ready)
                    if failFast && ready.status == .failed { stopped = true }
                    nextToEmit += 1
                }
                startMore()
            }
            return nextToStart
        }
    }
}

extension Conversion {
    /// Converts one batch item: reads it, runs the transforms, and writes its own output file
    /// (atomically) or returns the bytes for the caller to write in order.
    ///
    /// - Parameters:
    ///   - asRecord: write a collection record rather than a whole document.
    ///   - skipExisting: leave an item whose output file already exists.
    ///   - maximumInputSize: refuse larger inputs.
    ///   - flush: flush an output file to the disk before renaming it into place (`fsync`; see
    ///     ``AtomicFile``).
    ///   - keep: given the input and the document once they are written, so that the caller
    ///     decides when they are freed (a process about to exit need not free them at all).
    ///   - folders: the folders the batch has resolved, shared by its documents (see
    ///     ``ResolvedFolders``); without it each document's are resolved again.
    public func convert(
        _ item: BatchItem, asRecord: Bool, skipExisting: Bool, maximumInputSize: Int = .max, flush: Bool = true,
        keep: (@Sendable (InputSource, Document) -> Void)? = nil, folders: ResolvedFolders? = nil
    ) -> BatchOutcome {
        var context = PluginContext(inputName: item.displayName)
        if skipExisting, let output = item.output, FileInput.exists(output) {
            return BatchOutcome(status: .skipped)
        }
        do throws(Diagnostic) {
            let bytes = try Self.readInput(item.input, limit: maximumInputSize)
            let source = InputSource(bytes: bytes, path: item.input == "-" ? nil : item.input)
            let document = try document(from: source, context: &context)
            defer { keep?(source, document) }
            guard let output = item.output else {
                let out = asRecord
                    ? try writeRecord(document, name: item.displayName, context: &context)
                    : try write(document, name: item.displayName, context: &context)
                return BatchOutcome(status: .converted, diagnostics: context.diagnostics, bytes: out)
            }
            if let root = item.outputRoot, !staysInside(output, root: root, folders: folders) {
                throw outsideError(output, root, item)
            }
            try AtomicFile.makeDirectories(parentFolder(of: output))
            // Straight into the temporary file, as the output plugin makes its bytes: a failure
            // (of the writer or of the disk) removes it when `file` goes uncommitted.
            let file = try AtomicFileWriter(path: output, flush: flush)
            if asRecord {
                try file.append(try writeRecord(document, name: item.displayName, context: &context))
            } else if file.writesInPlace {
                // A device or a pipe (`-o /dev/stdout`) has no temporary file to drop: the whole
                // output first, so that a writer failing midway leaves nothing there either.
                try file.append(try write(document, name: item.displayName, context: &context))
            } else {
                try write(document, name: item.displayName, context: &context, to: file)
            }
            try file.commit()
            return BatchOutcome(status: .converted, diagnostics: context.diagnostics)
        } catch {
            return BatchOutcome(status: .failed, diagnostics: context.diagnostics + [error])
        }
    }

    private func outsideError(_ output: String, _ root: String, _ item: BatchItem) -> Diagnostic {
        .error(
            "output-outside",
            "'\(output)' would be written outside the output folder '\(root)' (a symbolic link inside it leads elsewhere)",
            at: SourceLocation(path: item.displayName),
            notes: ["warraq writes only inside --output-dir; remove the link or choose another folder"])
    }

    /// Reads an input, saying how to raise the limit when it is too large.
    static func readInput(_ path: String, limit: Int) throws(Diagnostic) -> [UInt8] {
        do {
            return try FileInput.read(path, limit: limit)
        } catch where error.code == "input-too-large" {
            var error = error
            error.message = "the input is larger than \(ByteCount.describe(limit)), the most --max-input-size allows"
            error.notes.append("give a larger --max-input-size (e.g. --max-input-size 4GB) to read it")
            throw error
        }
    }
}
