namespace Cdr.Orleans.Domain;

/// <summary>What a partition batch means for a subscriber, before any CDR of it is folded.</summary>
public enum BatchStart
{
    /// <summary>Fold it.</summary>
    Fold,

    /// <summary>Applied already: delivered again after a silo died before acknowledging it.</summary>
    AppliedAlready,

    /// <summary>
    /// The subscriber lacks the batch the partition says came before (an activation that applied it died unsaved):
    /// nothing is folded, the partition gives the gap again first.
    /// </summary>
    Missing,
}
