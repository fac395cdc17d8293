namespace Cdr.Orleans.Generator.Synthesis;

/// <summary>How a subscriber behaves; drives how much, when, what and whom it calls.</summary>
public enum Persona
{
    Regular,
    HeavyCaller,
    NightOwl,
    InternationalCaller,
    DataHeavy,
    Frustrated,
    Quiet,
}
