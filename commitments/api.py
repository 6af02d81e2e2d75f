"""JSON API of the commitment ledger: the same services, policies and errors as the pages.

400 `{"field": ["message"]}` for bad input; 401 signed out; 404 outside the caller's
organisations; 403 for a role that may read but not act (a viewer, or the side whose turn
it is not); 409 for a transition that does not exist from the current state or a stale version.
"""

from django.core.exceptions import PermissionDenied
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from commitments import selectors, services
from commitments.models import CommitmentSide
from commitments.policies import access_commitment
from commitments.serializers import (
    CommitmentDetailSerializer,
    CommitmentProposeSerializer,
    CommitmentReviewSerializer,
    CommitmentSerializer,
    CommitmentWithdrawSerializer,
    ProgressInputSerializer,
)
from providers.models import OrganisationKind
from providers.policies import user_context

ERRORS = {
    400: OpenApiResponse(description="Bad input: each message under its field."),
    403: OpenApiResponse(description="Your role may read this commitment but not take this action."),
    404: OpenApiResponse(description="No such commitment among your organisations'."),
    409: OpenApiResponse(description="Not possible from the commitment's current state, or a stale version."),
}


def detail_data(user, commitment_id) -> dict:
    return CommitmentDetailSerializer(selectors.commitment_with_history(user, commitment_id)).data


class CommitmentListApi(APIView):
    @extend_schema(responses=CommitmentSerializer(many=True))
    def get(self, request):
        return Response(CommitmentSerializer(selectors.commitments_for_user(request.user), many=True).data)

    @extend_schema(
        request=CommitmentProposeSerializer,
        responses={201: CommitmentDetailSerializer, 400: ERRORS[400], 403: ERRORS[403]},
        description="Propose a line: what the caller's reseller commits to a provider (`provider`: its slug), or "
        "what the caller's provider offers a reseller (`reseller`: its slug). The caller's own organisation comes "
        "from their membership, never from the body.",
    )
    def post(self, request):
        body = CommitmentProposeSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        ctx = user_context(request.user)

        def own(kind):
            return next((o for o in ctx.organisations if o.kind == kind and ctx.is_member_of(o.pk)), None)

        side = data.get("side") or (CommitmentSide.RESELLER if own("reseller") else CommitmentSide.PROVIDER)
        by_reseller = side == CommitmentSide.RESELLER
        mine = own(OrganisationKind.RESELLER if by_reseller else OrganisationKind.PROVIDER)
        if mine is None:
            raise PermissionDenied("Only members of a reseller or a provider can propose a commitment.")
        other_field = "provider" if by_reseller else "reseller"
        slug = data.get(other_field)
        if not slug:
            return Response({other_field: [f"Name the {other_field} (its slug)."]}, status=400)
        other = selectors.organisation_by_slug(other_field, slug)
        if other is None:
            return Response({other_field: [f"No {other_field} has this slug."]}, status=400)
        commitment = services.commitment_propose(
            user=request.user,
            reseller=mine if by_reseller else other,
            provider=other if by_reseller else mine,
            side=side,
            kpi=data["kpi"],
            custom_kpi=data["custom_kpi"],
            target=data["target"],
            unit=data["unit"],
            period_start=data["period_start"],
            period_end=data["period_end"],
            note=data["note"],
        )
        return Response(detail_data(request.user, commitment.pk), status=status.HTTP_201_CREATED)


class CommitmentDetailApi(APIView):
    @extend_schema(responses={200: CommitmentDetailSerializer, 404: ERRORS[404]})
    def get(self, request, pk: int):
        return Response(detail_data(request.user, pk))


class CommitmentReviewApi(APIView):
    @extend_schema(
        request=CommitmentReviewSerializer,
        responses={200: CommitmentDetailSerializer} | ERRORS,
        description="Accept, decline or counter (with a `target`) a proposal of the other side; accept or decline "
        "a counter to your own. Send the `version` you last saw to be told (409) when it changed meanwhile.",
    )
    def post(self, request, pk: int):
        access_commitment(request.user, pk, for_write=True)
        body = CommitmentReviewSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.commitment_review(user=request.user, commitment_id=pk, **body.validated_data)
        return Response(detail_data(request.user, pk))


class CommitmentWithdrawApi(APIView):
    @extend_schema(
        request=CommitmentWithdrawSerializer,
        responses={200: CommitmentDetailSerializer} | ERRORS,
        description="The proposing side withdraws an open proposal (or walks away from a counter).",
    )
    def post(self, request, pk: int):
        access_commitment(request.user, pk, for_write=True)
        body = CommitmentWithdrawSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.commitment_withdraw(user=request.user, commitment_id=pk, **body.validated_data)
        return Response(detail_data(request.user, pk))


class CommitmentProgressApi(APIView):
    @extend_schema(
        request=ProgressInputSerializer,
        responses={201: CommitmentDetailSerializer} | ERRORS,
        description="Record a dated actual against an accepted commitment (either side's members). Attainment is "
        "recomputed in the background: the commitment shows `stale` until then.",
    )
    def post(self, request, pk: int):
        access_commitment(request.user, pk, for_write=True)
        body = ProgressInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.progress_record(user=request.user, commitment_id=pk, **body.validated_data)
        return Response(detail_data(request.user, pk), status=status.HTTP_201_CREATED)
