/// What is known about a document as a whole: enough for a TEI header, a JSON record and a
/// CSV row.
///
/// Dates are kept as the ISO 8601 text they were given in (`2016-04-30`,
/// `2016-04-30T10:15:00+03:00`); what is unknown is nil or empty, never invented.
public struct Metadata: Sendable, Hashable {
    public var title: String?
    public var subtitle: String?
    /// Authors, in the order given.
    public var authors: [String]
    /// Date of first publication, ISO 8601.
    public var published: String?
    /// Date of the last modification, ISO 8601.
    public var modified: String?
    /// The main language, a BCP 47 tag (`ar`, `en`, `fa`).
    public var language: String?
    /// The main writing direction.
    public var direction: TextDirection?
    /// Where the document was read from (a URL).
    public var sourceURL: String?
    /// The document's canonical URL.
    public var canonicalURL: String?
    /// The publisher or site (`AFP`, `Al Jazeera`).
    public var publisher: String?
    /// A summary or standfirst.
    public var description: String?
    public var keywords: [String]
    /// The lead image's URL.
    public var image: String?
    /// The lead image's caption.
    public var imageCaption: String?
    /// Anything else, in order; keys may repeat.
    public var extra: [KeyValue]

    public init(
        title: String? = nil, subtitle: String? = nil, authors: [String] = [],
        published: String? = nil, modified: String? = nil, language: String? = nil,
        direction: TextDirection? = nil, sourceURL: String? = nil, canonicalURL: String? = nil,
        publisher: String? = nil, description: String? = nil, keywords: [String] = [],
        image: String? = nil, imageCaption: String? = nil, extra: [KeyValue] = []
    ) {
        self.title = title
        self.subtitle = subtitle
        self.authors = authors
        self.published = published
        self.modified = modified
        self.language = language
        self.direction = direction
        self.sourceURL = sourceURL
        self.canonicalURL = canonicalURL
        self.publisher = publisher
        self.description = description
        self.keywords = keywords
        self.image = image
        self.imageCaption = imageCaption
        self.extra = extra
    }
}
