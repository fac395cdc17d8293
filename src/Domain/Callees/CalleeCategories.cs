using Cdr.Orleans.Contracts.Callees;

namespace Cdr.Orleans.Domain.Callees;

public static class CalleeCategories
{
    /// <summary>
    /// Each category's tag: Business (business, banking, airline, hotel), Agency (housing, rental, travel, government),
    /// Education (school), Health (clinic, dentist), Advertising (restaurant, retail), Emergency, Private.
    /// </summary>
    public static CategoryTag TagOf(CalleeCategory category) => category switch
    {
        CalleeCategory.Business or CalleeCategory.Banking or CalleeCategory.Airline or CalleeCategory.Hotel => CategoryTag.Business,
        CalleeCategory.Housing or CalleeCategory.Rental or CalleeCategory.Travel or CalleeCategory.Government => CategoryTag.Agency,
        CalleeCategory.School => CategoryTag.Education,
        CalleeCategory.Clinic or CalleeCategory.Dentist => CategoryTag.Health,
        CalleeCategory.Restaurant or CalleeCategory.Retail => CategoryTag.Advertising,
        CalleeCategory.Emergency => CategoryTag.Emergency,
        _ => CategoryTag.Private,
    };

    public static string Names => string.Join(", ", Enum.GetNames<CalleeCategory>());

    /// <summary>A category by its name, in any case (a number is not a name).</summary>
    public static bool TryParse(string text, out CalleeCategory category) =>
        Enum.TryParse(text.Trim(), ignoreCase: true, out category) && Enum.IsDefined(category) && !int.TryParse(text, out _);
}
