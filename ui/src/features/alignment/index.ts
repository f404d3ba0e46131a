// The alignment feature's public face.
export { AlignmentReview, openAlignment } from "./review";
