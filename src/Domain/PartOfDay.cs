namespace Cdr.Orleans.Domain;

/// <summary>Parts of the day (UTC hours): night 22-5, morning 5-12, afternoon 12-17, evening 17-22.</summary>
public enum PartOfDay
{
    Night = 0,
    Morning = 1,
    Afternoon = 2,
    Evening = 3,
}
