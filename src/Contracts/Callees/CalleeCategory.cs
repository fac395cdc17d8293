namespace Cdr.Orleans.Contracts.Callees;

/// <summary>What kind of party a called number belongs to, from the number directory. Unknown numbers are <see cref="Private"/>.</summary>
public enum CalleeCategory
{
    Private = 0,
    Business,
    Banking,
    School,
    Clinic,
    Dentist,
    Housing,
    Rental,
    Travel,
    Airline,
    Hotel,
    Restaurant,
    Retail,
    Government,
    Emergency,
}
