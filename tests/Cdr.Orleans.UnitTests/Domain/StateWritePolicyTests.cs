using Cdr.Orleans.Grains.Hosting;
using Cdr.Orleans.Grains.Subscribers;

namespace Cdr.Orleans.Tests.Domain;

public sealed class StateWritePolicyTests
{
    [Theory]
    [InlineData(StateWriteMode.OnDeactivation, true, DeactivationReasonCode.ActivationIdle, true)]
    [InlineData(StateWriteMode.OnDeactivation, true, DeactivationReasonCode.ShuttingDown, false)]
    [InlineData(StateWriteMode.OnDeactivation, false, DeactivationReasonCode.ShuttingDown, true)]
    [InlineData(StateWriteMode.EveryBatch, true, DeactivationReasonCode.ActivationIdle, false)]
    [InlineData(StateWriteMode.EveryBatch, false, DeactivationReasonCode.ShuttingDown, false)]
    [InlineData(StateWriteMode.Checkpoint, false, DeactivationReasonCode.ShuttingDown, true)]
    [InlineData(StateWriteMode.Checkpoint, false, DeactivationReasonCode.ActivationIdle, true)]
    public void Given_a_mode_and_storage_When_a_grain_deactivates_Then_it_writes_only_where_the_write_can_land_and_is_not_already_done(
        StateWriteMode mode, bool inMemory, DeactivationReasonCode reason, bool expected)
    {
        var policy = new StateWritePolicy(mode, inMemory);

        Assert.Equal(expected, policy.WriteOnDeactivation(reason));
        Assert.Equal(mode == StateWriteMode.EveryBatch, policy.EveryBatch);
        Assert.Equal(mode == StateWriteMode.Checkpoint, policy.Checkpoints);
    }
}
